import {
  ConfigError,
  InvalidInputError,
  NotFoundError,
  NotImplementedError,
  OverloadedError,
  UpstreamError,
} from '../errors.ts';

/** No token, or a token that failed verification. The message says why without key material. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

export class MethodNotAllowedError extends Error {
  override name = 'MethodNotAllowedError';
  readonly allowed: readonly string[];
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(`method ${method} is not allowed on ${path}: want ${allowed.join(' or ')}`);
    this.allowed = allowed;
  }
}

export class UnsupportedMediaTypeError extends Error {
  override name = 'UnsupportedMediaTypeError';
}

export class PreconditionFailedError extends Error {
  override name = 'PreconditionFailedError';
}

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

export type ErrorResponse = {
  readonly status: number;
  readonly code: string;
  /** Safe to show the client; internal errors get a generic message and go to the log. */
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
};

/** The one mapping from error category to HTTP status and Clair error code. */
export function errorResponse(err: unknown): ErrorResponse {
  const message = err instanceof Error ? err.message : String(err);
  const is = (status: number, code: string, headers: Record<string, string> = {}): ErrorResponse => ({
    status,
    code,
    message,
    headers,
  });
  if (err instanceof InvalidInputError) return is(400, 'bad-request');
  if (err instanceof UnauthorizedError)
    return is(401, 'unauthorized', { 'www-authenticate': 'Bearer error="invalid_token"' });
  if (err instanceof NotFoundError) return is(404, 'not-found');
  if (err instanceof MethodNotAllowedError)
    return is(405, 'method-not-allowed', { allow: err.allowed.join(', ') });
  if (err instanceof PreconditionFailedError) return is(412, 'precondition-failed');
  if (err instanceof PayloadTooLargeError) return is(413, 'payload-too-large');
  if (err instanceof UnsupportedMediaTypeError) return is(415, 'unsupported-media-type');
  if (err instanceof OverloadedError) return is(429, 'too-many-requests');
  if (err instanceof NotImplementedError) return is(501, 'not-implemented');
  if (err instanceof UpstreamError) return is(502, 'upstream-error');
  const timedOut = err instanceof Error && err.name === 'TimeoutError';
  if (timedOut) return { status: 503, code: 'timeout', message: 'the request ran out of time', headers: {} };
  if (err instanceof ConfigError)
    return { status: 500, code: 'internal-error', message: 'server misconfigured', headers: {} };
  return { status: 500, code: 'internal-error', message: 'internal error', headers: {} };
}
