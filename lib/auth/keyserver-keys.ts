import { type CryptoKey, importJWK, type JWK } from 'jose';
import { UnauthorizedError } from '../http/errors.ts';
import type { Logger } from '../log.ts';

export type KeyserverKeysOptions = {
  /** Base URL; a key is at `<api>/services/<iss>/keys/<kid>` (Quay's keyserver protocol). */
  readonly api: string;
  readonly log: Logger;
  /** How long a key is trusted when the keyserver sends no max-age. @default 5 min */
  readonly defaultTtlMs?: number;
  /** How long a failed lookup is remembered, so a flood of bad tokens does not flood the keyserver. @default 10 s */
  readonly failureTtlMs?: number;
  /** Most keys held; the oldest go first. @default 512 */
  readonly maxEntries?: number;
  /** Per-lookup time limit. @default 5 s */
  readonly timeoutMs?: number;
  readonly now?: () => number;
};

export type KeyserverKeys = (issuer: string, kid: string) => Promise<CryptoKey | Uint8Array>;

type Entry = { expiresAt: number; key: Promise<CryptoKey | Uint8Array> };

const MAX_TTL_MS = 3_600_000;

/** A bounded, expiring cache of RS256 public keys fetched from a Quay keyserver. */
export function keyserverKeys(options: KeyserverKeysOptions): KeyserverKeys {
  const api = options.api.endsWith('/') ? options.api : `${options.api}/`;
  const now = options.now ?? Date.now;
  const failureTtlMs = options.failureTtlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 512;
  const cache = new Map<string, Entry>();

  const remember = (id: string, entry: Entry): void => {
    cache.delete(id);
    cache.set(id, entry);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
  };

  return (issuer, kid) => {
    const id = `${issuer}\u0000${kid}`;
    const hit = cache.get(id);
    if (hit !== undefined && hit.expiresAt > now()) return hit.key;
    const url = keyUrl(api, issuer, kid);
    // Pending lookups stay in the cache so concurrent requests for one key share a fetch.
    const entry: Entry = { expiresAt: Number.POSITIVE_INFINITY, key: Promise.resolve(new Uint8Array()) };
    entry.key = fetchKey(url, options).then(
      ({ key, ttlMs }) => {
        entry.expiresAt = now() + ttlMs;
        return key;
      },
      (err: unknown) => {
        entry.expiresAt = now() + failureTtlMs;
        options.log.warn('keyserver key lookup fail', { issuer, kid, err });
        throw err;
      },
    );
    remember(id, entry);
    return entry.key;
  };
}

// iss and kid come from the unverified token: "." or ".." would walk the URL out of
// services/<iss>/keys/ to whatever else the keyserver serves.
function keyUrl(api: string, issuer: string, kid: string): URL {
  const dotSegment = (s: string): boolean => s === '.' || s === '..';
  if (dotSegment(issuer)) throw new UnauthorizedError('token iss is not a keyserver service name');
  if (dotSegment(kid)) throw new UnauthorizedError('token kid is not a keyserver key id');
  return new URL(`services/${encodeURIComponent(issuer)}/keys/${encodeURIComponent(kid)}`, api);
}

const STATUS_REASON: Readonly<Record<number, string>> = {
  403: 'token key has expired at the keyserver',
  404: 'token key is unknown to the keyserver',
  409: 'token key is awaiting approval at the keyserver',
};

async function fetchKey(
  url: URL,
  options: KeyserverKeysOptions,
): Promise<{ key: CryptoKey | Uint8Array; ttlMs: number }> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (cause) {
    throw new UnauthorizedError('keyserver is unreachable, so the token cannot be verified', { cause });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new UnauthorizedError(
      STATUS_REASON[response.status] ?? `keyserver answered status ${response.status}`,
    );
  }
  let jwk: JWK;
  try {
    jwk = (await response.json()) as JWK;
    if (jwk.kty !== 'RSA') throw new Error(`kty ${JSON.stringify(jwk.kty)} is not RSA`);
    const key = await importJWK(jwk, 'RS256');
    return { key, ttlMs: maxAgeMs(response.headers.get('cache-control')) ?? options.defaultTtlMs ?? 300_000 };
  } catch (cause) {
    throw new UnauthorizedError('keyserver answered something that is not an RSA JWK', { cause });
  }
}

function maxAgeMs(cacheControl: string | null): number | undefined {
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl ?? '');
  return match === null ? undefined : Math.min(Number(match[1]) * 1000, MAX_TTL_MS);
}
