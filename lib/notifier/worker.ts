import type pg from 'pg';
import type { Config } from '../config/types.ts';
import { UpstreamError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { SendMessage } from '../queue/send-message.ts';
import { createWorker, type WorkerHandler } from '../queue/worker.ts';
import { deliverSet } from './deliver-set.ts';
import { parseNotifierJob } from './job.ts';
import { processOperation } from './process-operation.ts';
import { sweep } from './sweep.ts';
import type { Deliver } from './types.ts';

export type NotifyWorkerDeps = {
  readonly db: pg.Pool;
  readonly log: Logger;
  readonly config: Pick<Config, 'notifier' | 'matchers'>;
  readonly deliver: Deliver;
  /** Queues notifier jobs (notifier-jobs, this worker's own queue). */
  readonly enqueueNotify: SendMessage;
};

/**
 * The notify-worker function's handler. A notify job whose delivery fails after every attempt
 * leaves its set marked failed and throws, so SQS tries the job again and finally dead-letters it;
 * the set itself stays readable and the sweep retries it.
 */
export function createNotifyWorker(deps: NotifyWorkerDeps): WorkerHandler {
  const deliverDeps = { ...deps, config: deps.config.notifier };
  return createWorker(
    'notify-worker',
    async (body, meta) => {
      const job = parseNotifierJob(body);
      if (job.kind === 'sweep') {
        await sweep(
          {
            ...deliverDeps,
            enqueueNotify: deps.enqueueNotify,
            retentionMs: deps.config.notifier.retentionMs,
          },
          meta.signal,
        );
        return;
      }
      const set = await processOperation(deps, job.updater, job.operation);
      if (set === undefined || (set.status !== 'created' && set.status !== 'failed')) return;
      const outcome = await deliverSet(deliverDeps, set, meta.signal);
      if (!outcome.delivered)
        throw new UpstreamError(`notification set ${set.id}: not delivered: ${outcome.error ?? 'stopped'}`);
    },
    deps.log,
  );
}
