import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';
import type { IndexReport } from '../index-report.ts';
import { saveIndexReport } from './index-reports.ts';

/** A (package, distribution, repository) triple of the image, for reverse lookups. */
export type IndexRecord = {
  readonly packageId: string;
  readonly distId: string | null;
  readonly repoId: string | null;
};

/**
 * Ends an index in one transaction: the manifest's package records (sources included, since
 * Debian and Alpine advisories name source packages), the scanners that have now covered it,
 * and the finished report. Until this commits the manifest is not "scanned", so a failure
 * anywhere before means the next attempt starts over.
 */
export async function finishIndex(
  db: pg.Pool,
  manifestId: string,
  scannerIds: readonly string[],
  records: readonly IndexRecord[],
  report: IndexReport,
): Promise<void> {
  await withTransaction(db, async (client) => {
    await client.query('DELETE FROM indexer.manifest_index WHERE manifest_id = $1', [manifestId]);
    await client.query(
      `INSERT INTO indexer.manifest_index (package_id, dist_id, repo_id, manifest_id)
       SELECT DISTINCT p, d, r, $4::bigint FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS i (p, d, r)
       ON CONFLICT DO NOTHING`,
      [
        records.map((r) => r.packageId),
        records.map((r) => r.distId),
        records.map((r) => r.repoId),
        manifestId,
      ],
    );
    await client.query(
      `INSERT INTO indexer.scanned_manifest (manifest_id, scanner_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
      [manifestId, scannerIds],
    );
    await saveIndexReport(client, manifestId, report);
  });
}
