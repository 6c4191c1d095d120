import type pg from 'pg';

/**
 * Which of the given stored vulnerabilities are known-not-affected assertions (invert), by id:
 * a reverse lookup given them by id must not count them as affecting anything. Ids that are not
 * ours are ignored.
 */
export async function invertedVulnerabilities(db: pg.Pool, ids: readonly string[]): Promise<Set<string>> {
  const ours = ids.filter((id) => /^[1-9][0-9]{0,17}$/.test(id));
  if (ours.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    'SELECT v.id FROM matcher.vuln v WHERE v.id = ANY($1::bigint[]) AND v.invert',
    [ours],
  );
  return new Set(rows.map((row) => String(row.id)));
}
