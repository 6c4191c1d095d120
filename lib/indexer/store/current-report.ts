import type pg from 'pg';
import type { Digest } from '../digest.ts';
import type { IndexReport } from '../index-report.ts';

export type StoredReport = {
  readonly report: IndexReport;
  /** Indexed to the end by every scanner given: the report is final for this scanner set. */
  readonly current: boolean;
};

/** A manifest's stored report and whether the given scanners have all finished it. */
export async function currentReport(
  db: pg.Pool,
  manifest: Digest,
  scannerIds: readonly string[],
): Promise<StoredReport | undefined> {
  const { rows } = await db.query<{ report: IndexReport; covered: string }>(
    `SELECT r.report,
       (SELECT count(*) FROM indexer.scanned_manifest s WHERE s.manifest_id = m.id AND s.scanner_id = ANY($2::bigint[])) AS covered
     FROM indexer.manifest m JOIN indexer.index_report r ON r.manifest_id = m.id WHERE m.hash = $1`,
    [manifest, scannerIds],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    report: row.report,
    current: row.report.state === 'IndexFinished' && Number(row.covered) === scannerIds.length,
  };
}
