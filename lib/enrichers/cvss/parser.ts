// Parses what the clair.cvss fetcher spooled: each year's gzipped feed in turn, streamed.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { UpstreamError } from '../../errors.ts';
import type { EnrichmentRecord, UpdaterContext } from '../../updater/types.ts';
import { readNvdFeed } from './feed-reader.ts';
import type { SpooledFeed } from './fetcher.ts';

/** The records of every spooled year, oldest year first. */
export async function* parseSpooledFeeds(
  spool: string,
  ctx: UpdaterContext,
): AsyncGenerator<EnrichmentRecord> {
  const feeds = JSON.parse(await readFile(spool, 'utf8')) as SpooledFeed[];
  for (const feed of feeds) {
    let records = 0;
    for await (const record of readNvdFeed(gunzipped(feed, ctx.signal), feed.url)) {
      records++;
      yield record;
    }
    ctx.log.debug('cvss parse year done', { year: feed.year, records });
  }
}

/** A spooled feed decompressed; a file that is not gzip, or is cut off, fails with UpstreamError. */
async function* gunzipped(feed: SpooledFeed, signal: AbortSignal): AsyncGenerator<Buffer> {
  const input = createReadStream(feed.file);
  const gunzip = createGunzip();
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      signal.throwIfAborted();
      yield chunk as Buffer;
    }
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new UpstreamError(`feed ${feed.url}: not a whole gzip file: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    input.destroy();
  }
}
