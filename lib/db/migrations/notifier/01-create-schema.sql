-- The notifier schema: only lib/notifier writes here.
CREATE SCHEMA IF NOT EXISTS notifier;
