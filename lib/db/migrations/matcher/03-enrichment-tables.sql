-- Enrichments (clair.cvss): JSON records about whatever their tags name, such as a CVE's CVSS
-- data. Each updater run that changed data is an update operation of kind 'enrichment' linking
-- the records it saw. Rows are content-addressed as vulnerabilities are, so an unchanged record
-- is one row however many operations saw it.

CREATE TABLE matcher.enrichment (
  id bigserial PRIMARY KEY,
  hash bytea NOT NULL UNIQUE,
  updater text NOT NULL,
  tags text[] NOT NULL,
  data jsonb NOT NULL
);
-- A vulnerability report looks records up by CVE id (tags @> {id}). Without fastupdate: records
-- are written a few times a day and read on every report, and GIN's pending list of new entries
-- would be scanned whole by every lookup until the next vacuum.
CREATE INDEX enrichment_tags_idx ON matcher.enrichment USING gin (tags) WITH (fastupdate = off);
CREATE INDEX enrichment_updater_idx ON matcher.enrichment (updater);

CREATE TABLE matcher.uo_enrich (
  uo bigint NOT NULL REFERENCES matcher.update_operation (id) ON DELETE CASCADE,
  enrich bigint NOT NULL REFERENCES matcher.enrichment (id) ON DELETE CASCADE,
  PRIMARY KEY (uo, enrich)
);
CREATE INDEX uo_enrich_enrich_idx ON matcher.uo_enrich (enrich);
