// Fetching one release's ALAS feed as claircore's aws/client.go does: mirror list, then repomd.xml,
// then the updateinfo it names, from the first mirror that serves them.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError, UpstreamError, withContext } from '../../errors.ts';
import { isJsonObject } from '../../json-value.ts';
import { fetchFeed } from '../../updater/fetch-feed.ts';
import { getText } from '../../updater/get-text.ts';
import type { FetchResult, UpdaterContext } from '../../updater/types.ts';
import { parseMirrorList } from './mirror-list.ts';
import { parseRepomd } from './repomd.ts';

// claircore's limit for each operation; the mirror list and repomd.xml are a few KB.
const OPERATION_TIMEOUT_MS = 15_000;
// The updateinfo runs to megabytes (AL2's grows with every advisory), more than a slow link carries
// in 15 s; it comes from a mirror that has just answered, so a long bound costs little.
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** The fetch result's file: JSON naming the spooled updateinfo and the URL it came from. */
export type SpooledUpdateinfo = { readonly url: string; readonly file: string };

/** What fetchAlas spooled, read back from its result's file. */
export async function readSpooledUpdateinfo(file: string, signal: AbortSignal): Promise<SpooledUpdateinfo> {
  const value: unknown = JSON.parse(await readFile(file, { encoding: 'utf8', signal }));
  if (!isJsonObject(value) || typeof value.url !== 'string' || typeof value.file !== 'string') {
    throw new InvalidInputError(`aws spool ${file}: want {"url", "file"}`);
  }
  return { url: value.url, file: value.file };
}

/**
 * Unchanged when the first mirror to serve repomd.xml gives the updateinfo the same checksum as
 * `previous`; otherwise the updateinfo is downloaded from that mirror, checked against the
 * checksum, and the checksum is the new fingerprint. A mirror that fails in any way is logged
 * and the next one tried; when all fail, the last one's error is thrown.
 */
export async function fetchAlas(
  mirrorList: string,
  previous: string | undefined,
  ctx: UpdaterContext,
): Promise<FetchResult> {
  const text = await getText(mirrorList, ctx, { timeoutMs: OPERATION_TIMEOUT_MS });
  const mirrors = parseMirrorList(text, mirrorList);
  let last: unknown;
  for (const mirror of mirrors) {
    try {
      return await fetchFromMirror(mirror, previous, ctx);
    } catch (err) {
      ctx.signal.throwIfAborted();
      ctx.log.warn('aws mirror skip', { mirror, err });
      last = err;
    }
  }
  throw withContext(last, `all ${mirrors.length} mirrors of ${mirrorList} failed, the last`);
}

async function fetchFromMirror(
  mirror: string,
  previous: string | undefined,
  ctx: UpdaterContext,
): Promise<FetchResult> {
  const repomdUrl = new URL('repodata/repomd.xml', mirror).href;
  const repomd = await getText(repomdUrl, ctx, { timeoutMs: OPERATION_TIMEOUT_MS });
  const entry = parseRepomd(repomd, repomdUrl);
  if (entry.checksum === previous) return { unchanged: true };
  const url = new URL(entry.href, mirror).href;
  const got = await fetchFeed(url, undefined, ctx, { timeoutMs: DOWNLOAD_TIMEOUT_MS });
  if (got.unchanged) throw new UpstreamError(`feed ${url} answered "not modified" to an unconditional GET`);
  const digest = await fileDigest(got.file, entry.algorithm, ctx.signal);
  if (digest !== entry.checksum.toLowerCase()) {
    throw new UpstreamError(
      `updateinfo ${url}: ${entry.algorithm} is ${digest}, but ${repomdUrl} says ${entry.checksum}`,
    );
  }
  const spooled: SpooledUpdateinfo = { url, file: got.file };
  const file = join(ctx.tmpDir, `aws-updateinfo-${randomUUID()}.json`);
  await writeFile(file, JSON.stringify(spooled));
  return { unchanged: false, file, bytes: got.bytes, fingerprint: entry.checksum };
}

async function fileDigest(file: string, algorithm: string, signal: AbortSignal): Promise<string> {
  const hash = createHash(algorithm);
  await pipeline(createReadStream(file, { signal }), hash);
  return hash.digest('hex');
}
