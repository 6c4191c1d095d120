import { InvalidInputError } from '../errors.ts';

/** A request to run the configured updaters, sent by the schedule or an operator. */
export type UpdateJob = { readonly kind: 'update' };

export const UPDATE_JOB: UpdateJob = { kind: 'update' };

/** Narrows an update-jobs message body. */
export function parseUpdateJob(body: string): UpdateJob {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new InvalidInputError(`update job is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'update') {
    throw new InvalidInputError(`update job ${JSON.stringify(body.slice(0, 200))} is not {"kind":"update"}`);
  }
  return UPDATE_JOB;
}
