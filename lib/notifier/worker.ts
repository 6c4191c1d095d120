import { NotImplementedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createWorker, type WorkerHandler } from '../queue/worker.ts';

export type NotifyWorkerDeps = { readonly log: Logger };

/** The notify-worker function's handler. */
export function createNotifyWorker(deps: NotifyWorkerDeps): WorkerHandler {
  return createWorker(
    'notify-worker',
    async () => {
      throw new NotImplementedError('notifier job: creating notifications is not implemented yet');
    },
    deps.log,
  );
}
