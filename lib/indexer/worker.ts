import { NotImplementedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createWorker, type WorkerHandler } from '../queue/worker.ts';

export type IndexWorkerDeps = { readonly log: Logger };

/** The index-worker function's handler. */
export function createIndexWorker(deps: IndexWorkerDeps): WorkerHandler {
  return createWorker(
    'index-worker',
    async () => {
      throw new NotImplementedError('index job: indexing is not implemented yet');
    },
    deps.log,
  );
}
