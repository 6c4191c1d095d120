import type pg from 'pg';
import type { NotifierConfig } from '../config/types.ts';
import type { Logger } from '../log.ts';
import { deliverWithRetries } from './deliver/with-retries.ts';
import { type NotificationSet, recordDelivery } from './store/notification-sets.ts';
import type { Deliver } from './types.ts';

export type DeliverDeps = {
  readonly db: pg.Pool;
  readonly log: Logger;
  readonly deliver: Deliver;
  readonly config: Pick<NotifierConfig, 'deliveryAttempts' | 'deliveryBackoffMs'>;
};

/**
 * Delivers a set waiting for it (created, or failed before) with the configured retries, and
 * records the outcome: delivered, or failed with the last error, the set kept for the next try.
 */
export async function deliverSet(
  deps: DeliverDeps,
  set: NotificationSet,
  signal: AbortSignal,
): Promise<{ readonly delivered: boolean; readonly error: string | undefined }> {
  const outcome = await deliverWithRetries(
    deps.deliver,
    set.id,
    { attempts: deps.config.deliveryAttempts, backoffMs: deps.config.deliveryBackoffMs },
    deps.log.child({ updater: set.updater, operation: set.operation }),
    signal,
  );
  await recordDelivery(deps.db, set.id, outcome);
  return outcome;
}
