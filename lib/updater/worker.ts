import { NotImplementedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createWorker, type WorkerHandler } from '../queue/worker.ts';
import { parseUpdateJob } from './job.ts';

export type UpdateWorkerDeps = { readonly log: Logger };

/** The update-worker function's handler. */
export function createUpdateWorker(deps: UpdateWorkerDeps): WorkerHandler {
  return createWorker(
    'update-worker',
    async (body) => {
      parseUpdateJob(body);
      throw new NotImplementedError('update job: running updaters is not implemented yet');
    },
    deps.log,
  );
}
