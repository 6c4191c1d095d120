import type pg from 'pg';
import { contentHash } from '../content-hash.ts';
import type { Vulnerability } from '../types.ts';
import { type StoredUpdate, storeOperation } from './store-operation.ts';

/** A version range as PostgreSQL's range literal over integer arrays; "empty" when there is none. */
const rangeLiteral = (v: Vulnerability): string =>
  v.range === undefined ? 'empty' : `["{${v.range.lower.join(',')}}","{${v.range.upper.join(',')}}")`;

/** A row of matcher.vuln in the order of the statement's input columns, the hash in hex. */
const row = (hash: string, v: Vulnerability): unknown[] => [
  hash,
  v.name,
  v.description,
  v.issued ?? null,
  v.links,
  v.severity,
  v.normalizedSeverity,
  v.package.name,
  v.package.version,
  v.package.module,
  v.package.arch,
  v.package.kind,
  v.dist?.did ?? '',
  v.dist?.name ?? '',
  v.dist?.version ?? '',
  v.dist?.versionCodeName ?? '',
  v.dist?.versionId ?? '',
  v.dist?.arch ?? '',
  v.dist?.cpe ?? '',
  v.dist?.prettyName ?? '',
  v.repo?.name ?? '',
  v.repo?.key ?? '',
  v.repo?.uri ?? '',
  v.fixedInVersion,
  v.archOperation,
  v.range?.kind ?? '',
  rangeLiteral(v),
  v.invert ?? false,
];

// JSON.stringify writes a lone surrogate as an escape, which PostgreSQL refuses; as text it would
// be sent as U+FFFD, so it is written as that (an escaped backslash before it is left alone).
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

/** storeOperation for a vulnerability updater: rows in matcher.vuln, linked by uo_vuln. */
export function storeUpdate(
  db: pg.Pool,
  updater: string,
  fingerprint: string,
  vulnerabilities: AsyncIterable<Vulnerability>,
): Promise<StoredUpdate> {
  return storeOperation(
    db,
    'vulnerability',
    updater,
    fingerprint,
    vulnerabilities,
    (client, operation, batch) => insertVulnerabilities(client, operation, updater, batch),
  );
}

/**
 * Stores a batch of vulnerabilities (a row per content hash, shared with earlier operations)
 * and links them to the operation; answers how many rows were new. One statement does both:
 * the new rows' ids come back from the insert, only the others' are looked up by hash. The
 * rows go as one JSON array of arrays, which both sides encode and decode in native code.
 */
export async function insertVulnerabilities(
  client: pg.PoolClient,
  operation: string,
  updater: string,
  batch: readonly Vulnerability[],
): Promise<number> {
  // Records of the same hash are the same row: one of them goes in, so the insert need not sort.
  const rows = new Map<string, unknown[]>();
  for (const v of batch) {
    const hash = contentHash(updater, v).toString('hex');
    if (!rows.has(hash)) rows.set(hash, row(hash, v));
  }
  const json = JSON.stringify([...rows.values()]);
  const { rows: counts } = await client.query<{ inserted: string; linked: string }>(
    `WITH input AS (
       SELECT decode(r->>0, 'hex') AS hash, r->>1 AS name, r->>2 AS description, (r->>3)::timestamptz AS issued,
         r->>4 AS links, r->>5 AS severity, r->>6 AS normalized_severity, r->>7 AS package_name,
         r->>8 AS package_version, r->>9 AS package_module, r->>10 AS package_arch, r->>11 AS package_kind,
         r->>12 AS dist_id, r->>13 AS dist_name, r->>14 AS dist_version, r->>15 AS dist_version_code_name,
         r->>16 AS dist_version_id, r->>17 AS dist_arch, r->>18 AS dist_cpe, r->>19 AS dist_pretty_name,
         r->>20 AS repo_name, r->>21 AS repo_key, r->>22 AS repo_uri, r->>23 AS fixed_in_version,
         r->>24 AS arch_operation, r->>25 AS version_kind, (r->>26)::matcher.version_range AS vulnerable_range,
         (r->>27)::boolean AS invert
       FROM jsonb_array_elements($3::jsonb) AS r
     ), inserted AS (
       INSERT INTO matcher.vuln (hash, updater, name, description, issued, links, severity, normalized_severity,
         package_name, package_version, package_module, package_arch, package_kind,
         dist_id, dist_name, dist_version, dist_version_code_name, dist_version_id, dist_arch, dist_cpe, dist_pretty_name,
         repo_name, repo_key, repo_uri, fixed_in_version, arch_operation, version_kind, vulnerable_range, invert)
       SELECT hash, $2, name, description, issued, links, severity, normalized_severity,
         package_name, package_version, package_module, package_arch, package_kind,
         dist_id, dist_name, dist_version, dist_version_code_name, dist_version_id, dist_arch, dist_cpe, dist_pretty_name,
         repo_name, repo_key, repo_uri, fixed_in_version, arch_operation, version_kind, vulnerable_range, invert
       FROM input
       ON CONFLICT (hash) DO NOTHING
       RETURNING id, hash
     ), found AS (
       SELECT id FROM inserted
       UNION ALL
       SELECT id FROM matcher.vuln WHERE hash = ANY (ARRAY(SELECT hash FROM input EXCEPT ALL SELECT hash FROM inserted))
     ), linked AS (
       INSERT INTO matcher.uo_vuln (uo, vuln) SELECT $1, id FROM found ON CONFLICT DO NOTHING
     )
     SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM found) AS linked`,
    [operation, updater, json.includes('\\ud') ? json.replace(LONE_SURROGATE, '$1\\ufffd') : json],
  );
  // A row another transaction committed while the insert waited on its hash is in neither set
  // (the statement's snapshot predates it): link the batch again by hash with a new snapshot.
  if (Number(counts[0]?.linked) < rows.size) {
    await client.query(
      `INSERT INTO matcher.uo_vuln (uo, vuln) SELECT $1, id FROM matcher.vuln WHERE hash = ANY($2::bytea[]) ON CONFLICT DO NOTHING`,
      [operation, [...rows.keys()].map((h) => Buffer.from(h, 'hex'))],
    );
  }
  return Number(counts[0]?.inserted);
}
