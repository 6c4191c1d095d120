import type pg from 'pg';
import type { IndexerConfig } from '../config/types.ts';
import { INDEX_LEASES, withLease } from '../db/lease.ts';
import type { Logger } from '../log.ts';
import { createWorker, type WorkerHandler } from '../queue/worker.ts';
import { runController } from './controller.ts';
import { parseIndexJob } from './index-job.ts';
import { checkScannerConfigs } from './scanner-config.ts';
import type { ScannerSet } from './scanner-set.ts';
import { persistManifest } from './store/persist-manifest.ts';

export type IndexWorkerDeps = {
  readonly db: pg.Pool;
  readonly scanners: ScannerSet;
  readonly config: IndexerConfig;
  readonly log: Logger;
};

// Longer than one run may take (the function's 15 minutes), renewed while the run goes on.
const LEASE_MS = 16 * 60_000;
const RENEW_MS = 60_000;

/**
 * The index-worker function's handler. A manifest is indexed by one worker at a time: a job
 * finding another live worker on it leaves it to that one, which is already doing the same work.
 */
export function createIndexWorker(deps: IndexWorkerDeps): WorkerHandler {
  checkScannerConfigs(deps.scanners.scanners, deps.config);
  return createWorker(
    'index-worker',
    async (body, meta) => {
      const { manifest } = parseIndexJob(body);
      const persisted = await persistManifest(deps.db, manifest);
      const lease = {
        ttlMs: LEASE_MS,
        renewMs: RENEW_MS,
        onLost: (err?: unknown) => deps.log.warn('index lease lost', { manifest: manifest.hash, err }),
      };
      const started = Date.now();
      const done = await withLease(
        deps.db,
        INDEX_LEASES,
        persisted.manifestId,
        meta.messageId,
        lease,
        async () => {
          const lastAttempt = meta.receiveCount >= deps.config.maxAttempts;
          const report = await runController(manifest, { persisted, signal: meta.signal, lastAttempt }, deps);
          deps.log.info('index done', {
            manifest: manifest.hash,
            packages: Object.keys(report.packages).length,
            duration_ms: Date.now() - started,
          });
        },
      );
      if (done === undefined)
        deps.log.info('index skip', { manifest: manifest.hash, reason: 'another worker is indexing it' });
    },
    deps.log,
  );
}
