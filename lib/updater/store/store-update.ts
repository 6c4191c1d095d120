import type pg from 'pg';
import { contentHash } from '../content-hash.ts';
import type { Vulnerability } from '../types.ts';
import { type StoredUpdate, storeOperation } from './store-operation.ts';

/** A version range as PostgreSQL's range literal over integer arrays; "empty" when there is none. */
const rangeLiteral = (v: Vulnerability): string =>
  v.range === undefined ? 'empty' : `["{${v.range.lower.join(',')}}","{${v.range.upper.join(',')}}")`;

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
 * the new rows' ids come back from the insert, only the others' are looked up by hash.
 */
export async function insertVulnerabilities(
  client: pg.PoolClient,
  operation: string,
  updater: string,
  batch: readonly Vulnerability[],
): Promise<number> {
  // Records of the same hash are the same row: one of them goes in, so the insert need not sort.
  const seen = new Set<string>();
  const hashes: Buffer[] = [];
  const rows: Vulnerability[] = [];
  for (const v of batch) {
    const hash = contentHash(updater, v);
    const key = hash.toString('hex');
    if (seen.has(key)) continue;
    seen.add(key);
    hashes.push(hash);
    rows.push(v);
  }
  const col = <T>(f: (v: Vulnerability) => T): T[] => rows.map(f);
  const { rows: counts } = await client.query<{ inserted: string; linked: string }>(
    `WITH input AS (
       SELECT * FROM unnest($3::bytea[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
         $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
         $23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::boolean[])
         AS i (hash, name, description, issued, links, severity, normalized_severity,
           package_name, package_version, package_module, package_arch, package_kind,
           dist_id, dist_name, dist_version, dist_version_code_name, dist_version_id, dist_arch, dist_cpe, dist_pretty_name,
           repo_name, repo_key, repo_uri, fixed_in_version, arch_operation, version_kind, vulnerable_range, invert)
     ), inserted AS (
       INSERT INTO matcher.vuln (hash, updater, name, description, issued, links, severity, normalized_severity,
         package_name, package_version, package_module, package_arch, package_kind,
         dist_id, dist_name, dist_version, dist_version_code_name, dist_version_id, dist_arch, dist_cpe, dist_pretty_name,
         repo_name, repo_key, repo_uri, fixed_in_version, arch_operation, version_kind, vulnerable_range, invert)
       SELECT hash, $2, name, description, issued, links, severity, normalized_severity,
         package_name, package_version, package_module, package_arch, package_kind,
         dist_id, dist_name, dist_version, dist_version_code_name, dist_version_id, dist_arch, dist_cpe, dist_pretty_name,
         repo_name, repo_key, repo_uri, fixed_in_version, arch_operation, version_kind,
         vulnerable_range::matcher.version_range, invert
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
    [
      operation,
      updater,
      hashes,
      col((v) => v.name),
      col((v) => v.description),
      col((v) => v.issued ?? null),
      col((v) => v.links),
      col((v) => v.severity),
      col((v) => v.normalizedSeverity),
      col((v) => v.package.name),
      col((v) => v.package.version),
      col((v) => v.package.module),
      col((v) => v.package.arch),
      col((v) => v.package.kind),
      col((v) => v.dist?.did ?? ''),
      col((v) => v.dist?.name ?? ''),
      col((v) => v.dist?.version ?? ''),
      col((v) => v.dist?.versionCodeName ?? ''),
      col((v) => v.dist?.versionId ?? ''),
      col((v) => v.dist?.arch ?? ''),
      col((v) => v.dist?.cpe ?? ''),
      col((v) => v.dist?.prettyName ?? ''),
      col((v) => v.repo?.name ?? ''),
      col((v) => v.repo?.key ?? ''),
      col((v) => v.repo?.uri ?? ''),
      col((v) => v.fixedInVersion),
      col((v) => v.archOperation),
      col((v) => v.range?.kind ?? ''),
      col(rangeLiteral),
      col((v) => v.invert ?? false),
    ],
  );
  // A row another transaction committed while the insert waited on its hash is in neither set
  // (the statement's snapshot predates it): link the batch again by hash with a new snapshot.
  if (Number(counts[0]?.linked) < hashes.length) {
    await client.query(
      `INSERT INTO matcher.uo_vuln (uo, vuln) SELECT $1, id FROM matcher.vuln WHERE hash = ANY($2::bytea[]) ON CONFLICT DO NOTHING`,
      [operation, hashes],
    );
  }
  return Number(counts[0]?.inserted);
}
