// Red Hat's JSON mapping files (repository-to-CPE, container-name-to-repositories), shared by
// the scanners that read them: fetched once per process, refreshed at most once a day with
// If-Modified-Since, and a stale copy is used when a refresh fails.
import { readFile } from 'node:fs/promises';
import { InvalidInputError, UpstreamError } from '../../errors.ts';
import type { Logger } from '../../log.ts';

/** Where a mapping comes from: Red Hat's URL (or a mirror) or a local file. */
export type MappingSource = { readonly url: string } | { readonly file: string };

export type MappingOptions = {
  /** How long a fetched copy is used before asking again. @default 24 hours */
  readonly refreshMs?: number;
  /** One request. @default 10 seconds, claircore's default scanner timeout */
  readonly timeoutMs?: number;
};

type Cached<T> = { readonly value: T; readonly at: number; readonly lastModified: string | undefined };

/**
 * A reader of one kind of mapping: `read(source, ctx)` answers the parsed mapping, checked by
 * `parse`, which throws InvalidInputError naming what is wrong.
 */
export function mappingReader<T>(parse: (json: unknown, where: string) => T, options: MappingOptions = {}) {
  const refreshMs = options.refreshMs ?? 24 * 3600_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const cache = new Map<string, Cached<T>>();
  const inflight = new Map<string, Promise<T>>();

  async function load(key: string, source: MappingSource, signal: AbortSignal, log: Logger): Promise<T> {
    const cached = cache.get(key);
    if ('file' in source) {
      const text = await readFile(source.file, 'utf8').catch((cause: Error) => {
        throw new InvalidInputError(`mapping file ${source.file}: ${cause.message}`, { cause });
      });
      return remember(key, parse(parseJson(text, source.file), source.file), undefined);
    }
    try {
      const headers: Record<string, string> = { 'user-agent': 'clairless' };
      if (cached?.lastModified !== undefined) headers['if-modified-since'] = cached.lastModified;
      const response = await fetch(source.url, {
        headers,
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
      if (response.status === 304 && cached !== undefined) {
        await response.body?.cancel();
        return remember(key, cached.value, cached.lastModified);
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new UpstreamError(`mapping ${source.url} answered ${response.status}`);
      }
      const value = parse(parseJson(await response.text(), source.url), source.url);
      return remember(key, value, response.headers.get('last-modified') ?? undefined);
    } catch (err) {
      if (cached === undefined || signal.aborted) {
        throw err instanceof UpstreamError || err instanceof InvalidInputError
          ? err
          : new UpstreamError(`mapping ${source.url}: ${(err as Error).message}`, { cause: err });
      }
      log.warn('mapping refresh failed, using the copy fetched before', { url: source.url, err });
      return remember(key, cached.value, cached.lastModified);
    }
  }

  function remember(key: string, value: T, lastModified: string | undefined): T {
    cache.set(key, { value, at: Date.now(), lastModified });
    return value;
  }

  return function read(source: MappingSource, ctx: { signal: AbortSignal; log: Logger }): Promise<T> {
    const key = 'file' in source ? `file:${source.file}` : source.url;
    const cached = cache.get(key);
    if (cached !== undefined && Date.now() - cached.at < refreshMs) return Promise.resolve(cached.value);
    const running = inflight.get(key);
    if (running !== undefined) return running;
    const loading = load(key, source, ctx.signal, ctx.log).finally(() => inflight.delete(key));
    inflight.set(key, loading);
    return loading;
  };
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`mapping ${where}: not JSON: ${(cause as Error).message}`, { cause });
  }
}
