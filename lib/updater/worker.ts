import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notifyJob } from '../notifier/job.ts';
import type { SendMessage } from '../queue/send-message.ts';
import { createWorker, type WorkerHandler } from '../queue/worker.ts';
import { discoverUpdaters } from './discover.ts';
import { parseUpdateJob } from './job.ts';
import { runUpdater, type UpdateDeps } from './run-updater.ts';

export type UpdateWorkerDeps = UpdateDeps & {
  /** Queues update jobs (update-jobs, this worker's own queue). */
  readonly enqueueUpdate: SendMessage;
  /** Queues notifier jobs (notifier-jobs): each operation that changed data is announced. */
  readonly enqueueNotify: SendMessage;
};

/** The update-worker function's handler: dispatch fans out, update runs one updater. */
export function createUpdateWorker(deps: UpdateWorkerDeps): WorkerHandler {
  return createWorker(
    'update-worker',
    async (body, meta) => {
      const job = parseUpdateJob(body);
      if (job.kind === 'update') {
        const outcome = await runUpdater(job.updater, deps, meta.signal, meta.messageId);
        if (outcome.ref !== undefined) await deps.enqueueNotify(notifyJob(outcome.updater, outcome.ref));
        return;
      }
      const tmpDir = await mkdtemp(join(tmpdir(), 'clairless-discover-'));
      try {
        const specs = await discoverUpdaters(deps, meta.signal, tmpDir, deps.log);
        for (const spec of specs) await deps.enqueueUpdate(JSON.stringify({ kind: 'update', updater: spec }));
        deps.log.info('update dispatch done', { updaters: specs.map((s) => s.name) });
      } finally {
        await rm(tmpDir, { recursive: true, force: true });
      }
    },
    deps.log,
  );
}
