import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UpstreamError } from '../errors.ts';
import type { FetchResult, UpdaterContext } from './types.ts';
import { upstreamFetch } from './upstream-fetch.ts';

type Fingerprint = { readonly etag?: string; readonly lastModified?: string };

/** A changed feed as spooled, with the response's headers (which may say how it is compressed). */
export type FetchedFeed = Extract<FetchResult, { unchanged: false }> & { readonly headers: Headers };

export type FetchFeedOptions = {
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole download. @default 10 minutes */
  readonly timeoutMs?: number;
};

const parseFingerprint = (text: string | undefined): Fingerprint => {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Fingerprint) : {};
  } catch {
    return {};
  }
};

/**
 * GETs a feed unless it has not changed: the previous fingerprint's ETag and Last-Modified go
 * out as If-None-Match and If-Modified-Since, and a 304, or a 200 with the same ETag (or the same
 * Last-Modified when there is no ETag), is "unchanged". Otherwise the body is spooled to a file.
 */
export async function fetchFeed(
  url: string,
  previous: string | undefined,
  ctx: UpdaterContext,
  options: FetchFeedOptions = {},
): Promise<Extract<FetchResult, { unchanged: true }> | FetchedFeed> {
  const before = parseFingerprint(previous);
  const headers: Record<string, string> = { ...options.headers };
  if (before.etag !== undefined) headers['if-none-match'] = before.etag;
  if (before.lastModified !== undefined) headers['if-modified-since'] = before.lastModified;
  const response = await upstreamFetch(url, {
    what: 'feed',
    signal: ctx.signal,
    timeoutMs: options.timeoutMs ?? 600_000,
    init: { headers },
    ok: [200, 304],
  });
  if (response.status === 304) {
    await response.body?.cancel();
    return { unchanged: true };
  }
  if (response.body === null) throw new UpstreamError(`feed ${url}: no body`);
  const after: Fingerprint = {
    ...(response.headers.get('etag') === null ? {} : { etag: response.headers.get('etag') as string }),
    ...(response.headers.get('last-modified') === null
      ? {}
      : { lastModified: response.headers.get('last-modified') as string }),
  };
  const same =
    after.etag !== undefined
      ? after.etag === before.etag
      : after.lastModified !== undefined && after.lastModified === before.lastModified;
  if (same) {
    await response.body.cancel();
    return { unchanged: true };
  }
  const file = join(ctx.tmpDir, `feed-${randomUUID()}`);
  let bytes = 0;
  try {
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(file),
    );
  } catch (cause) {
    throw new UpstreamError(
      `feed ${url}: download broke off after ${bytes} bytes: ${(cause as Error).message}`,
      { cause },
    );
  }
  return { unchanged: false, file, bytes, fingerprint: JSON.stringify(after), headers: response.headers };
}
