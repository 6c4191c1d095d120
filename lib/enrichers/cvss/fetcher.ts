// Fetches NVD's yearly CVE feeds for clair.cvss (claircore enricher/cvss/cvss.go): every year's
// `.meta` first, and every year's `.json.gz` only when some year's sha256 changed.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UpstreamError } from '../../errors.ts';
import { isJsonObject } from '../../json-value.ts';
import { mapLimit } from '../../map-limit.ts';
import { fetchFeed } from '../../updater/fetch-feed.ts';
import type { FetchResult, UpdaterContext } from '../../updater/types.ts';
import { metaSha256 } from './meta-file.ts';

/** The first year NVD publishes a feed for. */
const FIRST_YEAR = 2002;
// Requests in flight at once, for the .meta files and then for the feeds.
const CONCURRENCY = 4;
const META_TIMEOUT_MS = 60_000;

/** One year's feed as fetched: the spool file lists these, and the parser reads them in order. */
export type SpooledFeed = { readonly year: number; readonly url: string; readonly file: string };

/** The years with a feed: 2002 to the current year (UTC). */
export function feedYears(now: Date): number[] {
  return Array.from({ length: now.getUTCFullYear() - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
}

export const metaUrl = (root: string, year: number): string => new URL(`nvdcve-2.0-${year}.meta`, root).href;
export const feedUrl = (root: string, year: number): string =>
  new URL(`nvdcve-2.0-${year}.json.gz`, root).href;

/**
 * Unchanged when every year's sha256 equals the previous fingerprint's, a JSON object
 * `{year: SHA256}` as claircore writes it; otherwise every year is downloaded again and the
 * result is a spool file listing the downloads (SpooledFeed[] as JSON).
 */
export async function fetchNvdFeeds(
  root: string,
  previous: string | undefined,
  ctx: UpdaterContext,
  now = new Date(),
): Promise<FetchResult> {
  const years = feedYears(now);
  const hashes = await mapLimit(years, CONCURRENCY, (year) => fetchMetaSha256(metaUrl(root, year), ctx));
  const current = Object.fromEntries(years.map((year, i) => [String(year), hashes[i] as string]));
  const changed = changedYears(previous, current);
  if (changed.length === 0) return { unchanged: true };
  ctx.log.debug('cvss feed change', { years: changed });
  const feeds = await mapLimit(years, CONCURRENCY, async (year) => {
    const url = feedUrl(root, year);
    const got = await fetchFeed(url, undefined, ctx);
    if (got.unchanged) throw new UpstreamError(`feed ${url} answered "not modified" to an unconditional GET`);
    return { year, url, file: got.file, bytes: got.bytes };
  });
  const spool = join(ctx.tmpDir, `cvss-feeds-${randomUUID()}.json`);
  const spooled: SpooledFeed[] = feeds.map(({ year, url, file }) => ({ year, url, file }));
  await writeFile(spool, JSON.stringify(spooled));
  const bytes = feeds.reduce((sum, f) => sum + f.bytes, 0);
  return { unchanged: false, file: spool, bytes, fingerprint: JSON.stringify(current) };
}

async function fetchMetaSha256(url: string, ctx: UpdaterContext): Promise<string> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(META_TIMEOUT_MS)]);
  let text: string;
  try {
    const response = await fetch(url, { headers: { 'user-agent': 'clairless' }, signal });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new UpstreamError(`feed ${url} answered ${response.status}`);
    }
    text = await response.text();
  } catch (cause) {
    if (cause instanceof UpstreamError) throw cause;
    throw new UpstreamError(`feed ${url}: ${(cause as Error).message}`, { cause });
  }
  return metaSha256(text, url);
}

// A previous fingerprint that is not such an object (none yet, or another updater's format)
// counts every year as changed.
function changedYears(previous: string | undefined, current: Readonly<Record<string, string>>): string[] {
  let before: unknown;
  try {
    before = JSON.parse(previous ?? '{}');
  } catch {
    before = {};
  }
  const old = isJsonObject(before) ? before : {};
  return Object.keys(current).filter((year) => old[year] !== current[year]);
}
