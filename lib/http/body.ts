import { InvalidInputError } from '../errors.ts';
import { jsonErrorOffset, lineColumn } from './json-error-offset.ts';
import type { ApiRequest } from './request.ts';

/** The body parsed as JSON, as unknown for a wire-type parser to narrow. Clair ignores Content-Type, so do we. */
export function parseJsonBody(req: ApiRequest): unknown {
  if (req.body === undefined || req.body.trim() === '') {
    throw new InvalidInputError('request body is empty: want a JSON document');
  }
  try {
    return JSON.parse(req.body);
  } catch {
    const at = jsonErrorOffset(req.body) ?? req.body.length;
    const found =
      at >= req.body.length ? 'the body ends too soon' : `unexpected ${JSON.stringify(req.body[at])}`;
    throw new InvalidInputError(`request body is not valid JSON: ${found} at ${lineColumn(req.body, at)}`);
  }
}
