import { InvalidInputError } from '../errors.ts';
import { parseJsonMessage } from '../queue/parse-message.ts';
import { isUuid } from '../uuid.ts';

/**
 * A notifier-jobs message: `notify` makes (once) and delivers the notification set of one update
 * operation; `sweep` (from the schedule) catches operations no job announced, retries sets not
 * delivered yet and purges old ones.
 */
export type NotifierJob =
  | { readonly kind: 'notify'; readonly updater: string; readonly operation: string }
  | { readonly kind: 'sweep' };

export const SWEEP_JOB: NotifierJob = { kind: 'sweep' };

export const notifyJob = (updater: string, operation: string): string =>
  JSON.stringify({ kind: 'notify', updater, operation });

/** Narrows a notifier-jobs message body. */
export function parseNotifierJob(body: string): NotifierJob {
  const value = parseJsonMessage(body, 'notifier job') as Record<string, unknown> | null;
  if (value?.kind === 'sweep') return SWEEP_JOB;
  if (
    value?.kind === 'notify' &&
    typeof value.updater === 'string' &&
    typeof value.operation === 'string' &&
    isUuid(value.operation)
  ) {
    return { kind: 'notify', updater: value.updater, operation: value.operation };
  }
  throw new InvalidInputError(
    `notifier job ${JSON.stringify(body.slice(0, 200))} is neither {"kind":"sweep"} nor {"kind":"notify","updater","operation":"<uuid>"}`,
  );
}
