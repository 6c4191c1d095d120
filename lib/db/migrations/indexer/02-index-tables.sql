-- The indexer's store: manifests and layers, what each scanner found in each layer, and the
-- index report of each manifest. Scan results are kept per (layer, scanner), so a layer shared
-- by many images is scanned once, and a new scanner version re-scans with that scanner only.

CREATE TABLE indexer.layer (
  id bigserial PRIMARY KEY,
  hash text NOT NULL UNIQUE
);

CREATE TABLE indexer.manifest (
  id bigserial PRIMARY KEY,
  hash text NOT NULL UNIQUE
);

CREATE TABLE indexer.manifest_layer (
  manifest_id bigint NOT NULL REFERENCES indexer.manifest (id) ON DELETE CASCADE,
  layer_id bigint NOT NULL REFERENCES indexer.layer (id) ON DELETE CASCADE,
  i integer NOT NULL,
  PRIMARY KEY (manifest_id, i)
);
CREATE INDEX manifest_layer_layer_idx ON indexer.manifest_layer (layer_id);

CREATE TABLE indexer.scanner (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  version text NOT NULL,
  kind text NOT NULL,
  UNIQUE (name, version, kind)
);

CREATE TABLE indexer.scanned_layer (
  layer_id bigint NOT NULL REFERENCES indexer.layer (id) ON DELETE CASCADE,
  scanner_id bigint NOT NULL REFERENCES indexer.scanner (id) ON DELETE CASCADE,
  PRIMARY KEY (layer_id, scanner_id)
);

CREATE TABLE indexer.scanned_manifest (
  manifest_id bigint NOT NULL REFERENCES indexer.manifest (id) ON DELETE CASCADE,
  scanner_id bigint NOT NULL REFERENCES indexer.scanner (id) ON DELETE CASCADE,
  PRIMARY KEY (manifest_id, scanner_id)
);

CREATE TABLE indexer.index_report (
  manifest_id bigint PRIMARY KEY REFERENCES indexer.manifest (id) ON DELETE CASCADE,
  state text NOT NULL,
  -- json, not jsonb: the report is served as stored, fields in Clair's order.
  report json NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One worker at a time indexes a manifest: a lease it renews while it works, which a crashed
-- worker lets expire. A row, not a session lock, so RDS Proxy never pins a connection.
CREATE TABLE indexer.index_lease (
  manifest_id bigint PRIMARY KEY REFERENCES indexer.manifest (id) ON DELETE CASCADE,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE indexer.package (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  version text NOT NULL,
  module text NOT NULL DEFAULT '',
  arch text NOT NULL DEFAULT '',
  norm_kind text NOT NULL DEFAULT '',
  norm_version integer[],
  UNIQUE (name, version, kind, module, arch)
);

CREATE TABLE indexer.package_scanartifact (
  layer_id bigint NOT NULL REFERENCES indexer.layer (id) ON DELETE CASCADE,
  scanner_id bigint NOT NULL REFERENCES indexer.scanner (id) ON DELETE CASCADE,
  package_id bigint NOT NULL REFERENCES indexer.package (id) ON DELETE CASCADE,
  source_id bigint REFERENCES indexer.package (id) ON DELETE CASCADE,
  package_db text NOT NULL,
  repository_hint text NOT NULL DEFAULT '',
  filepath text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX package_scanartifact_unique_idx ON indexer.package_scanartifact
  (layer_id, scanner_id, package_id, COALESCE(source_id, 0), package_db, filepath);
CREATE INDEX package_scanartifact_package_idx ON indexer.package_scanartifact (package_id);
CREATE INDEX package_scanartifact_source_idx ON indexer.package_scanartifact (source_id);

CREATE TABLE indexer.dist (
  id bigserial PRIMARY KEY,
  did text NOT NULL DEFAULT '',
  name text NOT NULL DEFAULT '',
  version text NOT NULL DEFAULT '',
  version_code_name text NOT NULL DEFAULT '',
  version_id text NOT NULL DEFAULT '',
  arch text NOT NULL DEFAULT '',
  cpe text NOT NULL DEFAULT '',
  pretty_name text NOT NULL DEFAULT '',
  UNIQUE (did, name, version, version_code_name, version_id, arch, cpe, pretty_name)
);

CREATE TABLE indexer.dist_scanartifact (
  layer_id bigint NOT NULL REFERENCES indexer.layer (id) ON DELETE CASCADE,
  scanner_id bigint NOT NULL REFERENCES indexer.scanner (id) ON DELETE CASCADE,
  dist_id bigint NOT NULL REFERENCES indexer.dist (id) ON DELETE CASCADE,
  PRIMARY KEY (layer_id, scanner_id, dist_id)
);
CREATE INDEX dist_scanartifact_dist_idx ON indexer.dist_scanartifact (dist_id);

CREATE TABLE indexer.repo (
  id bigserial PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  key text NOT NULL DEFAULT '',
  uri text NOT NULL DEFAULT '',
  cpe text NOT NULL DEFAULT '',
  UNIQUE (name, key, uri, cpe)
);

CREATE TABLE indexer.repo_scanartifact (
  layer_id bigint NOT NULL REFERENCES indexer.layer (id) ON DELETE CASCADE,
  scanner_id bigint NOT NULL REFERENCES indexer.scanner (id) ON DELETE CASCADE,
  repo_id bigint NOT NULL REFERENCES indexer.repo (id) ON DELETE CASCADE,
  PRIMARY KEY (layer_id, scanner_id, repo_id)
);
CREATE INDEX repo_scanartifact_repo_idx ON indexer.repo_scanartifact (repo_id);

CREATE TABLE indexer.file (
  id bigserial PRIMARY KEY,
  path text NOT NULL,
  kind text NOT NULL,
  UNIQUE (path, kind)
);

CREATE TABLE indexer.file_scanartifact (
  layer_id bigint NOT NULL REFERENCES indexer.layer (id) ON DELETE CASCADE,
  scanner_id bigint NOT NULL REFERENCES indexer.scanner (id) ON DELETE CASCADE,
  file_id bigint NOT NULL REFERENCES indexer.file (id) ON DELETE CASCADE,
  PRIMARY KEY (layer_id, scanner_id, file_id)
);
CREATE INDEX file_scanartifact_file_idx ON indexer.file_scanartifact (file_id);

-- Which manifests contain which package (and its source), for reverse lookups by the notifier.
CREATE TABLE indexer.manifest_index (
  id bigserial PRIMARY KEY,
  package_id bigint NOT NULL REFERENCES indexer.package (id) ON DELETE CASCADE,
  dist_id bigint REFERENCES indexer.dist (id) ON DELETE CASCADE,
  repo_id bigint REFERENCES indexer.repo (id) ON DELETE CASCADE,
  manifest_id bigint NOT NULL REFERENCES indexer.manifest (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX manifest_index_unique_idx ON indexer.manifest_index
  (package_id, COALESCE(dist_id, 0), COALESCE(repo_id, 0), manifest_id);
CREATE INDEX manifest_index_manifest_idx ON indexer.manifest_index (manifest_id);
CREATE INDEX manifest_index_dist_idx ON indexer.manifest_index (dist_id);
CREATE INDEX manifest_index_repo_idx ON indexer.manifest_index (repo_id);
