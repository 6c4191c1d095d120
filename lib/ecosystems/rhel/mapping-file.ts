// Red Hat's JSON mapping files (repository-to-CPE, container-name-to-repositories), shared by
// the scanners that read them: fetched once per process, refreshed at most once a day with
// If-Modified-Since, and a stale copy is used when a refresh fails.
import { readFile } from 'node:fs/promises';
import { InvalidInputError, UpstreamError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { compressionOfBytes, decompressedChunks } from '../../updater/decompress.ts';
import { failureReason, upstreamFetch } from '../../updater/upstream-fetch.ts';

/**
 * Where a mapping comes from: Red Hat's URL (or a mirror), a local file, or both, the file then
 * standing in until the URL first answers (claircore's air-gap seed).
 */
export type MappingSource =
  | { readonly url: string; readonly file?: undefined }
  | { readonly file: string; readonly url?: undefined }
  | { readonly url: string; readonly file: string };

export type MappingOptions = {
  /** How long a copy is used before asking again, also after a failed refresh. @default 24 hours */
  readonly refreshMs?: number;
  /** One request, unless a read names its own. @default 10 seconds, claircore's default scanner timeout */
  readonly timeoutMs?: number;
};

export type MappingReadContext = {
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** This read's request timeout, e.g. from the scanner's config. */
  readonly timeoutMs?: number;
};

type Cached<T> = { readonly value: T; readonly at: number; readonly lastModified: string | undefined };

/**
 * A reader of one kind of mapping: `read(source, ctx)` answers the parsed mapping, checked by
 * `parse`, which throws InvalidInputError naming what is wrong.
 */
export function mappingReader<T>(parse: (json: unknown, where: string) => T, options: MappingOptions = {}) {
  const refreshMs = options.refreshMs ?? 24 * 3600_000;
  const cache = new Map<string, Cached<T>>();
  const inflight = new Map<string, Promise<T>>();

  const readLocal = async (file: string): Promise<T> => parse(await readMappingFile(file), file);

  async function load(key: string, source: MappingSource, ctx: MappingReadContext): Promise<T> {
    if (source.url === undefined) return remember(key, await readLocal(source.file), undefined);
    const cached =
      cache.get(key) ??
      (source.file === undefined
        ? undefined
        : { value: await readLocal(source.file), at: 0, lastModified: undefined });
    try {
      const fetched = await fetchMapping(source.url, cached?.lastModified, ctx, options.timeoutMs);
      if (fetched === 'unchanged' && cached !== undefined)
        return remember(key, cached.value, cached.lastModified);
      if (fetched === 'unchanged')
        throw new UpstreamError(`mapping ${source.url} answered 304 to a first request`);
      return remember(key, parse(parseJson(fetched.text, source.url), source.url), fetched.lastModified);
    } catch (err) {
      if (cached === undefined || ctx.signal.aborted) throw err;
      ctx.log.warn('mapping refresh fail, using the copy held', { url: source.url, err });
      return remember(key, cached.value, cached.lastModified);
    }
  }

  function remember(key: string, value: T, lastModified: string | undefined): T {
    cache.set(key, { value, at: Date.now(), lastModified });
    return value;
  }

  return function read(source: MappingSource, ctx: MappingReadContext): Promise<T> {
    const key = `${source.url ?? ''}\u0000${source.file ?? ''}`;
    const cached = cache.get(key);
    if (cached !== undefined && Date.now() - cached.at < refreshMs) return Promise.resolve(cached.value);
    const running = inflight.get(key);
    if (running !== undefined) return running;
    const loading = load(key, source, ctx).finally(() => inflight.delete(key));
    inflight.set(key, loading);
    return loading;
  };
}

/** GETs the mapping, conditionally when a copy's Last-Modified is known. */
async function fetchMapping(
  url: string,
  lastModified: string | undefined,
  ctx: MappingReadContext,
  defaultTimeoutMs = 10_000,
): Promise<'unchanged' | { text: string; lastModified: string | undefined }> {
  const timeoutMs = ctx.timeoutMs ?? defaultTimeoutMs;
  const headers: Record<string, string> =
    lastModified === undefined ? {} : { 'if-modified-since': lastModified };
  const response = await upstreamFetch(url, {
    what: 'mapping',
    signal: ctx.signal,
    timeoutMs,
    init: { headers },
    ok: [200, 304],
  });
  if (response.status === 304) {
    await response.body?.cancel();
    return 'unchanged';
  }
  try {
    return { text: await response.text(), lastModified: response.headers.get('last-modified') ?? undefined };
  } catch (cause) {
    throw new UpstreamError(`mapping ${url}: ${failureReason(cause, timeoutMs)}`, { cause });
  }
}

/**
 * A local mapping's JSON, plain or compressed (gzip, zstd or bzip2, told by its first bytes, as
 * claircore's zreader reads it). Anything else is an InvalidInputError naming the file.
 */
async function readMappingFile(file: string): Promise<unknown> {
  const where = `mapping file ${file}`;
  try {
    const bytes = await readFile(file);
    const compression = compressionOfBytes(bytes);
    if (compression !== 'none') {
      const text = Buffer.concat(await Array.fromAsync(decompressedChunks(file, compression, where)));
      return parseJson(text.toString('utf8'), `file ${file}`);
    }
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (cause) {
      throw new InvalidInputError(
        `${where}: neither JSON nor gzip, zstd or bzip2 data: ${(cause as Error).message}`,
        { cause },
      );
    }
  } catch (cause) {
    if (cause instanceof InvalidInputError) throw cause;
    throw new InvalidInputError(`${where}: ${(cause as Error).message}`, { cause });
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`mapping ${where}: not JSON: ${(cause as Error).message}`, { cause });
  }
}
