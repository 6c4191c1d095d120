// The notifier's scheduled pass (every notifier.delivery_interval): what no job announced, what
// was not delivered, and what may go.
import type { Logger } from '../log.ts';
import type { SendMessage } from '../queue/send-message.ts';
import { getUpdateOperations } from '../updater/store/update-operations.ts';
import { type DeliverDeps, deliverSet } from './deliver-set.ts';
import { notifyJob } from './job.ts';
import { purgeSets, setOfOperation, undeliveredSets } from './store/notification-sets.ts';

export type SweepDeps = DeliverDeps & {
  readonly enqueueNotify: SendMessage;
  readonly retentionMs: number;
  readonly log: Logger;
};

/**
 * Queues a notify job for each updater's latest operation that has no set (an import, a lost
 * message), delivers the sets still waiting, then purges deleted sets and delivered ones past the
 * retention. One failing delivery does not stop the others.
 */
export async function sweep(deps: SweepDeps, signal: AbortSignal): Promise<void> {
  const latest = await getUpdateOperations(deps.db, 'vulnerability', true);
  let queued = 0;
  for (const [updater, [operation]] of Object.entries(latest)) {
    if (operation === undefined || (await setOfOperation(deps.db, operation.ref)) !== undefined) continue;
    await deps.enqueueNotify(notifyJob(updater, operation.ref));
    queued++;
  }
  let delivered = 0;
  let failed = 0;
  for (const set of await undeliveredSets(deps.db)) {
    if (signal.aborted) break;
    if ((await deliverSet(deps, set, signal)).delivered) delivered++;
    else failed++;
  }
  const purged = await purgeSets(deps.db, deps.retentionMs);
  deps.log.info('notifier sweep done', { queued, delivered, failed, purged });
}
