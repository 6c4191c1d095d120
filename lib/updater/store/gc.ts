import type pg from 'pg';

export type GcResult = {
  readonly operations: number;
  readonly vulnerabilities: number;
  readonly enrichments: number;
};

/**
 * Keeps an updater's newest `keep` operations and deletes the older ones, then the
 * vulnerabilities and enrichments of that updater no operation links any more. An updater makes
 * operations of one kind only, so the kind is not asked. keep is at least 2, so the notifier
 * can always diff the two newest.
 */
export async function collectGarbage(db: pg.Pool, updater: string, keep: number): Promise<GcResult> {
  const ops = await db.query(
    `DELETE FROM matcher.update_operation WHERE id IN (
       SELECT id FROM matcher.update_operation WHERE updater = $1 ORDER BY id DESC OFFSET $2)`,
    [updater, Math.max(keep, 2)],
  );
  const vulns = await db.query(
    `DELETE FROM matcher.vuln v WHERE v.updater = $1 AND NOT EXISTS (SELECT 1 FROM matcher.uo_vuln u WHERE u.vuln = v.id)`,
    [updater],
  );
  const enrichments = await db.query(
    `DELETE FROM matcher.enrichment e WHERE e.updater = $1 AND NOT EXISTS (SELECT 1 FROM matcher.uo_enrich u WHERE u.enrich = e.id)`,
    [updater],
  );
  return {
    operations: ops.rowCount ?? 0,
    vulnerabilities: vulns.rowCount ?? 0,
    enrichments: enrichments.rowCount ?? 0,
  };
}
