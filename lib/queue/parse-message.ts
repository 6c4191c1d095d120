import { InvalidInputError } from '../errors.ts';

/** A queue message body as JSON, for a job parser to narrow; what names the job in the error. */
export function parseJsonMessage(body: string, what: string): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new InvalidInputError(`${what} is not JSON: ${(cause as Error).message}`, { cause });
  }
}
