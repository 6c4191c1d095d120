import { InvalidInputError } from '../errors.ts';
import { parseJsonMessage } from '../queue/parse-message.ts';

/** A request to run the configured updaters, sent by the schedule or an operator. */
export type UpdateJob = { readonly kind: 'update' };

export const UPDATE_JOB: UpdateJob = { kind: 'update' };

/** Narrows an update-jobs message body. */
export function parseUpdateJob(body: string): UpdateJob {
  const value = parseJsonMessage(body, 'update job');
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'update') {
    throw new InvalidInputError(`update job ${JSON.stringify(body.slice(0, 200))} is not {"kind":"update"}`);
  }
  return UPDATE_JOB;
}
