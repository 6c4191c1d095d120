// Error categories shared by every module. HTTP status mapping lives in lib/http/errors.ts;
// workers decide retry versus acknowledge by category (see lib/queue/worker.ts).

type Options = { readonly cause?: unknown };

/** The caller sent something we cannot accept: a bad digest, malformed JSON, a hostile tar. Permanent. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(message: string, options?: Options) {
    super(message, options);
  }
}

/** The thing asked for does not exist. Permanent. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(message: string, options?: Options) {
    super(message, options);
  }
}

/** Too much work right now; the caller may retry later. Transient. */
export class OverloadedError extends Error {
  override name = 'OverloadedError';
  constructor(message: string, options?: Options) {
    super(message, options);
  }
}

/** A registry, feed or keyserver failed or answered something unusable. Transient. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(message: string, options?: Options) {
    super(message, options);
  }
}

/** The configuration is invalid; start-up stops. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(message: string, options?: Options) {
    super(message, options);
  }
}

/** A capability that a later piece of work will build. Permanent, answered as 501 over HTTP. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
  constructor(message: string, options?: Options) {
    super(message, options);
  }
}

/** Errors that retrying the same input cannot fix. */
export function isPermanent(err: unknown): boolean {
  return (
    err instanceof InvalidInputError || err instanceof NotFoundError || err instanceof NotImplementedError
  );
}
