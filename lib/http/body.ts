import { InvalidInputError } from '../errors.ts';
import type { ApiRequest } from './request.ts';

/** The body parsed as JSON, as unknown for a wire-type parser to narrow. Clair ignores Content-Type, so do we. */
export function parseJsonBody(req: ApiRequest): unknown {
  if (req.body === undefined || req.body.trim() === '') {
    throw new InvalidInputError('request body is empty: want a JSON document');
  }
  try {
    return JSON.parse(req.body);
  } catch (err) {
    // Node's message names the position ("... at position 12 (line 1 column 13)").
    throw new InvalidInputError(`request body is not valid JSON: ${(err as Error).message}`);
  }
}
