// Error categories shared by every module; each takes (message, { cause }) as Error does. HTTP
// status mapping lives in lib/http/errors.ts; workers decide retry versus acknowledge by
// category (isPermanent, used by lib/queue/worker.ts).

/** The caller sent something we cannot accept: a bad digest, malformed JSON, a hostile tar. Permanent. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

/** The thing asked for does not exist. Permanent. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Too much work right now; the caller may retry later. Transient. */
export class OverloadedError extends Error {
  override name = 'OverloadedError';
}

/** A registry, feed or keyserver failed or answered something unusable. Transient. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
}

/** The configuration is invalid; start-up stops. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A capability that a later piece of work will build. Permanent, answered as 501 over HTTP. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/** Errors that retrying the same input cannot fix. */
export function isPermanent(err: unknown): boolean {
  return (
    err instanceof InvalidInputError || err instanceof NotFoundError || err instanceof NotImplementedError
  );
}

/**
 * Puts context in front of an error's message and hands it back, keeping its class (and so its
 * category): `scanner dpkg on layer sha256:…: <message>`. An abort (a DOMException, whose message
 * cannot be set) is handed back as it is.
 */
export function withContext(err: unknown, prefix: string): unknown {
  if (err instanceof Error && !(err instanceof DOMException)) err.message = `${prefix}: ${err.message}`;
  return err;
}
