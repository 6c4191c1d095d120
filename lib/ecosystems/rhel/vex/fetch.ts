// Fetching the RHEL VEX feed (claircore rhel/vex/fetcher.go; claircore-engine.md section 6.2): on a
// first run, or when the updater's version changed, the full archive; then every document
// changes.csv lists as updated since the last request time, and deletions.csv's deletions.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { UpstreamError } from '../../../errors.ts';
import { mapLimit } from '../../../map-limit.ts';
import type { FetchResult, UpdaterContext } from '../../../updater/types.ts';
import { upstreamFetch } from '../../../updater/upstream-fetch.ts';
import { LOOK_BACK_YEAR, spoolArchive } from './archive.ts';
import { type FeedRow, parseFeedCsv } from './feed-csv.ts';
import { formatVexFingerprint, parseVexFingerprint } from './fingerprint.ts';
import { type SpoolWriter, spoolWriter } from './spool.ts';

export type VexFetchOptions = {
  /** The feed's base URL, ending in a slash. */
  readonly url: string;
  readonly compressedFileTimeoutMs: number;
  /** Fingerprint version: `6`, plus `+ignore_kernel`. */
  readonly version: string;
};

const REQUEST_TIMEOUT_MS = 60_000;
const INDEX_TIMEOUT_MS = 600_000;
// Changed documents fetched at once.
const PARALLEL = 8;

/** The deletion record claircore writes for a deleted document. */
const deletedDocument = (name: string): string =>
  JSON.stringify({ document: { tracking: { id: name, status: 'deleted' } } });

export async function fetchVex(
  previous: string | undefined,
  ctx: UpdaterContext,
  options: VexFetchOptions,
): Promise<FetchResult> {
  const before = parseVexFingerprint(previous);
  if (previous !== undefined && before === undefined)
    ctx.log.warn('vex fingerprint unreadable', { reason: 'the full archive is loaded again' });
  const full = before === undefined || before.changesEtag === '' || before.version !== options.version;
  // Taken before changes.csv is read, so nothing updated while this run goes on is missed next time.
  const started = new Date();
  const file = join(ctx.tmpDir, `rhel-vex-${randomUUID()}.zst`);
  const spool = spoolWriter(file);
  try {
    let archiveUrl: string | undefined;
    let requestTime = before?.requestTime ?? new Date(0);
    if (full) {
      archiveUrl = new URL(
        (await get(new URL('archive_latest.txt', options.url).href, ctx, undefined)).text.trim(),
        options.url,
      ).href;
      requestTime = await lastModified(archiveUrl, ctx);
      ctx.log.info('vex archive load', { archive: archiveUrl, last_modified: requestTime.toISOString() });
    }
    const changed = new Set<string>();
    // A full load reads both indexes whatever their ETags: the archive is older than they are.
    const changes = await spoolChanges(
      spool,
      changed,
      requestTime,
      full ? undefined : before?.changesEtag,
      ctx,
      options,
    );
    const deletions = await spoolDeletions(
      spool,
      changed,
      requestTime,
      full ? undefined : before?.deletionsEtag,
      ctx,
      options,
    );
    if (archiveUrl !== undefined) {
      const documents = await spoolArchive(archiveUrl, spool, {
        signal: ctx.signal,
        log: ctx.log,
        timeoutMs: options.compressedFileTimeoutMs,
        skip: changed,
      });
      ctx.log.info('vex archive done', { documents });
    }
    const bytes = await spool.close();
    if (!full && changes === undefined && deletions === undefined) return { unchanged: true };
    ctx.log.info('vex fetch done', { documents: spool.documents, full });
    const fingerprint = formatVexFingerprint({
      changesEtag: changes ?? before?.changesEtag ?? '',
      deletionsEtag: deletions ?? before?.deletionsEtag ?? '',
      requestTime: started,
      version: options.version,
    });
    return { unchanged: false, file, bytes, fingerprint };
  } catch (err) {
    await spool.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Spools every document changes.csv lists as updated at or after the request time; answers the
 * new ETag, or undefined when changes.csv has not changed since the previous ETag.
 */
async function spoolChanges(
  spool: SpoolWriter,
  changed: Set<string>,
  requestTime: Date,
  etag: string | undefined,
  ctx: UpdaterContext,
  options: VexFetchOptions,
): Promise<string | undefined> {
  const index = await getIndex('changes.csv', etag, ctx, options);
  if (index === undefined) return undefined;
  const rows = fresh(index.rows, requestTime).filter((row) => {
    const file = basename(row.path);
    if (changed.has(file)) return false;
    changed.add(file);
    return true;
  });
  ctx.log.info('vex changes fetch', { documents: rows.length });
  let fetched = 0;
  await mapLimit(rows, PARALLEL, async (row) => {
    const { text } = await get(new URL(row.path, options.url).href, ctx, undefined);
    await spool.write(row.path, text);
    if (++fetched % 1000 === 0) ctx.log.info('vex changes progress', { documents: fetched });
  });
  return index.etag;
}

/** Spools a deletion record for each document deletions.csv lists since the request time. */
async function spoolDeletions(
  spool: SpoolWriter,
  changed: Set<string>,
  requestTime: Date,
  etag: string | undefined,
  ctx: UpdaterContext,
  options: VexFetchOptions,
): Promise<string | undefined> {
  const index = await getIndex('deletions.csv', etag, ctx, options);
  if (index === undefined) return undefined;
  for (const row of fresh(index.rows, requestTime, false)) {
    const file = basename(row.path);
    changed.add(file);
    const name = /^(cve-\d{4}-\d{4,})\.json$/.exec(file)?.[1];
    if (name === undefined) {
      ctx.log.warn('vex deletion skip', { path: row.path, reason: 'not a cve-YYYY-NNNN.json path' });
      continue;
    }
    await spool.write(row.path, deletedDocument(name.toUpperCase()));
  }
  return index.etag;
}

// Rows updated at or after the request time; changes of years before LOOK_BACK_YEAR are left out.
const fresh = (rows: readonly FeedRow[], requestTime: Date, lookBack = true): FeedRow[] =>
  rows.filter((r) => (!lookBack || r.year >= LOOK_BACK_YEAR) && r.updated.getTime() >= requestTime.getTime());

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** changes.csv or deletions.csv, unless its ETag is still the one given (then undefined). */
async function getIndex(
  name: string,
  etag: string | undefined,
  ctx: UpdaterContext,
  options: VexFetchOptions,
): Promise<{ rows: FeedRow[]; etag: string } | undefined> {
  const url = new URL(name, options.url).href;
  const answer = await get(url, ctx, etag === '' ? undefined : etag, INDEX_TIMEOUT_MS);
  if (answer.status === 304 || (etag !== undefined && etag !== '' && answer.etag === etag)) return undefined;
  return { rows: parseFeedCsv(answer.text, url), etag: answer.etag };
}

async function lastModified(url: string, ctx: UpdaterContext): Promise<Date> {
  const response = await request(url, ctx, { method: 'HEAD' }, REQUEST_TIMEOUT_MS);
  const header = response.headers.get('last-modified');
  const time = header === null ? Number.NaN : Date.parse(header);
  if (Number.isNaN(time))
    throw new UpstreamError(
      `vex archive ${url}: HEAD answered no usable Last-Modified (${JSON.stringify(header)})`,
    );
  return new Date(time);
}

/** A GET answered 200 (or 304 to If-None-Match), with its body as text and its ETag. */
async function get(
  url: string,
  ctx: UpdaterContext,
  ifNoneMatch: string | undefined,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<{ status: number; text: string; etag: string }> {
  const headers: Record<string, string> = ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch };
  const response = await request(url, ctx, { headers }, timeoutMs);
  try {
    const text = response.status === 304 ? '' : await response.text();
    return { status: response.status, text, etag: response.headers.get('etag') ?? '' };
  } catch (cause) {
    throw new UpstreamError(`vex feed ${url}: ${(cause as Error).message}`, { cause });
  }
}

function request(url: string, ctx: UpdaterContext, init: RequestInit, timeoutMs: number): Promise<Response> {
  return upstreamFetch(url, { what: 'vex feed', signal: ctx.signal, timeoutMs, init, ok: [200, 304] });
}
