import { InvalidInputError } from '../errors.ts';
import { parseJsonMessage } from '../queue/parse-message.ts';
import type { UpdaterSpec } from './types.ts';

/**
 * An update-jobs message: `dispatch` (from the schedule) fans out one `update` message per
 * updater; `update` runs one updater.
 */
export type UpdateJob =
  | { readonly kind: 'dispatch' }
  | { readonly kind: 'update'; readonly updater: UpdaterSpec };

export const DISPATCH_JOB: UpdateJob = { kind: 'dispatch' };

/** Narrows an update-jobs message body. */
export function parseUpdateJob(body: string): UpdateJob {
  const value = parseJsonMessage(body, 'update job') as { kind?: unknown; updater?: unknown } | null;
  if (value?.kind === 'dispatch') return DISPATCH_JOB;
  const spec = value?.updater as Partial<UpdaterSpec> | undefined;
  const params = spec?.params;
  if (
    value?.kind === 'update' &&
    typeof spec?.set === 'string' &&
    typeof spec.name === 'string' &&
    typeof params === 'object' &&
    params !== null &&
    Object.values(params).every((v) => typeof v === 'string')
  ) {
    return { kind: 'update', updater: { set: spec.set, name: spec.name, params } };
  }
  throw new InvalidInputError(
    `update job ${JSON.stringify(body.slice(0, 200))} is neither {"kind":"dispatch"} nor {"kind":"update","updater":{"set","name","params"}}`,
  );
}
