-- The indexer schema: only lib/indexer writes here.
CREATE SCHEMA IF NOT EXISTS indexer;
