import type pg from 'pg';
import type { Digest } from '../digest.ts';
import type { IndexReport } from '../index-report.ts';

/** The stored report of a manifest, in whatever state it reached, or undefined when never indexed. */
export async function getIndexReport(db: pg.Pool, manifest: Digest): Promise<IndexReport | undefined> {
  const { rows } = await db.query<{ report: IndexReport }>(
    `SELECT r.report FROM indexer.index_report r JOIN indexer.manifest m ON m.id = r.manifest_id WHERE m.hash = $1`,
    [manifest],
  );
  return rows[0]?.report;
}

/** Stores the report as the manifest's current one. */
export async function saveIndexReport(
  db: pg.Pool | pg.PoolClient,
  manifestId: string,
  report: IndexReport,
): Promise<void> {
  await db.query(
    `INSERT INTO indexer.index_report (manifest_id, state, report) VALUES ($1, $2, $3)
     ON CONFLICT (manifest_id) DO UPDATE SET state = EXCLUDED.state, report = EXCLUDED.report, updated_at = now()`,
    [manifestId, report.state, JSON.stringify(report)],
  );
}
