// One delivery of a notification set with bounded, exponentially spaced retries: Clair retries
// forever on every tick, which lets one dead receiver keep a worker busy.
// Called through the module object, so node:test's mock timers can stand in for it.
import timers from 'node:timers/promises';
import { isPermanent } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Deliver } from '../types.ts';

export type DeliveryOutcome = {
  readonly delivered: boolean;
  /** Tries made, the last included. */
  readonly attempts: number;
  /** Why it was not delivered (the last failure's message); undefined when delivered. */
  readonly error: string | undefined;
};

/**
 * Tries deliver up to options.attempts times, sleeping backoffMs × 2^(n-1) after the n-th failure.
 * A permanent error (the set cannot be sent as it is) is not retried; an abort stops at once.
 */
export async function deliverWithRetries(
  deliver: Deliver,
  setId: string,
  options: { readonly attempts: number; readonly backoffMs: number },
  log: Logger,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  let attempt = 0;
  let error: string | undefined;
  while (attempt < options.attempts && !signal.aborted) {
    attempt++;
    try {
      await deliver(setId, signal);
      log.info('notification delivered', { set: setId, attempts: attempt });
      return { delivered: true, attempts: attempt, error: undefined };
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      // An abort is the caller stopping us, not the receiver failing.
      if (signal.aborted) break;
      log.warn('notification delivery fail', { set: setId, attempt, err });
      if (isPermanent(err) || attempt === options.attempts) break;
    }
    try {
      await timers.setTimeout(options.backoffMs * 2 ** (attempt - 1), undefined, { signal });
    } catch {
      break;
    }
  }
  error ??= signal.aborted ? 'delivery aborted' : `attempts is ${options.attempts}: want at least 1`;
  return { delivered: false, attempts: attempt, error };
}
