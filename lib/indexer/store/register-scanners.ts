import type pg from 'pg';
import type { AnyScanner } from '../types.ts';

/** The database id of each scanner (name, version, kind), registering new ones. */
export async function registerScanners(
  db: pg.Pool,
  scanners: readonly AnyScanner[],
): Promise<Map<AnyScanner, string>> {
  const { rows } = await db.query<{ id: string; name: string; version: string; kind: string }>(
    `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS w (name, version, kind)),
     added AS (
       INSERT INTO indexer.scanner (name, version, kind) SELECT name, version, kind FROM wanted
       ON CONFLICT (name, version, kind) DO NOTHING RETURNING id, name, version, kind)
     SELECT id, name, version, kind FROM added
     UNION ALL
     SELECT s.id, s.name, s.version, s.kind FROM indexer.scanner s JOIN wanted w USING (name, version, kind)`,
    [scanners.map((s) => s.name), scanners.map((s) => s.version), scanners.map((s) => s.kind)],
  );
  const key = (s: { name: string; version: string; kind: string }) =>
    `${s.kind}\u0000${s.name}\u0000${s.version}`;
  const ids = new Map(rows.map((r) => [key(r), String(r.id)]));
  return new Map(scanners.map((s) => [s, ids.get(key(s)) as string]));
}
