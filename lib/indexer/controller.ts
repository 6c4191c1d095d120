import type pg from 'pg';
import type { IndexerConfig } from '../config/types.ts';
import { isPermanent } from '../errors.ts';
import type { Logger } from '../log.ts';
import { coalesce } from './coalesce.ts';
import { indexRecords } from './index-records.ts';
import { emptyReport, type IndexReport, type IndexState } from './index-report.ts';
import type { Manifest } from './manifest.ts';
import { scanLayers } from './scan-layers.ts';
import type { ScannerSet } from './scanner-set.ts';
import { finishIndex } from './store/finish-index.ts';
import { getIndexReport, saveIndexReport } from './store/index-reports.ts';
import type { PersistedManifest } from './store/persist-manifest.ts';
import { registerScanners } from './store/register-scanners.ts';
import { manifestScannedBy } from './store/scanned.ts';

export type ControllerDeps = {
  readonly db: pg.Pool;
  readonly scanners: ScannerSet;
  readonly config: IndexerConfig;
  readonly log: Logger;
};

export type IndexRun = {
  readonly persisted: PersistedManifest;
  readonly signal: AbortSignal;
  /** No retry follows a failure of this run (the last attempt): a transient error is final too. */
  readonly lastAttempt: boolean;
};

/**
 * Claircore's controller: CheckManifest -> FetchLayers -> ScanLayers -> Coalesce ->
 * IndexManifest -> IndexFinished, saving the report after each step so a reader sees progress.
 * Only scanners that have not covered the manifest run, and only on layers they have not seen.
 * An error that a retry cannot fix, or any error on the last attempt, saves an IndexError report
 * naming it; other errors leave a report saying a retry follows. Either way the error goes on.
 */
export async function runController(
  manifest: Manifest,
  run: IndexRun,
  deps: ControllerDeps,
): Promise<IndexReport> {
  const { db, log } = deps;
  const { manifestId } = run.persisted;
  let state: IndexState = 'CheckManifest';
  const enter = async (next: IndexState): Promise<void> => {
    state = next;
    await saveIndexReport(db, manifestId, emptyReport(manifest.hash, next));
    log.debug('index state', { manifest: manifest.hash, state: next });
  };
  try {
    const ids = await registerScanners(db, deps.scanners.scanners);
    const done = await manifestScannedBy(db, manifestId);
    const pending = deps.scanners.scanners.filter((s) => !done.has(ids.get(s) as string));
    const stored = await getIndexReport(db, manifest.hash);
    if (pending.length === 0 && stored?.state === 'IndexFinished') return stored;
    await enter('FetchLayers');
    await scanLayers(manifest, run, pending, ids, { ...deps, onScanStart: () => enter('ScanLayers') });
    await enter('Coalesce');
    const coalesced = await coalesce(manifest, run.persisted, ids, deps);
    await enter('IndexManifest');
    const report: IndexReport = { ...coalesced.report, state: 'IndexFinished', success: true };
    await finishIndex(db, manifestId, [...ids.values()], indexRecords(coalesced.coalesced), report);
    return report;
  } catch (err) {
    const message = `${state}: ${err instanceof Error ? err.message : String(err)}`;
    const final = run.lastAttempt || isPermanent(err);
    const report = final
      ? emptyReport(manifest.hash, 'IndexError', message)
      : emptyReport(manifest.hash, 'CheckManifest', `failed, will be retried: ${message}`);
    await saveIndexReport(db, manifestId, report);
    throw err;
  }
}
