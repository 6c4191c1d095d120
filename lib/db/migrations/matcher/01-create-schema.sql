-- The matcher schema: only lib/matcher writes here.
CREATE SCHEMA IF NOT EXISTS matcher;
