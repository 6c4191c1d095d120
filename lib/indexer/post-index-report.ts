import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidInputError } from '../errors.ts';
import { parseJsonBody } from '../http/body.ts';
import { etag, isNotModified } from '../http/conditional.ts';
import { PreconditionFailedError } from '../http/errors.ts';
import type { ApiRequest, ApiResponse } from '../http/request.ts';
import type { IndexerApiDeps } from './api.ts';
import { emptyReport, type IndexReport } from './index-report.ts';
import { parseManifest } from './manifest.ts';
import { reportLinks } from './report-links.ts';
import { currentReport } from './store/current-report.ts';
import { saveIndexReport } from './store/index-reports.ts';
import { persistManifest } from './store/persist-manifest.ts';

// Polls start fast, for the small image that is done in a moment, and slow down to this.
const POLL_FIRST_MS = 20;
const POLL_MAX_MS = 250;
const RETRY_AFTER_S = 5;

const TERMINAL = new Set(['IndexFinished', 'IndexError']);

/**
 * POST index_report: answers at once for a manifest already indexed by the current scanners;
 * otherwise queues the work and waits up to indexer.request_wait: 201 with the final report, or
 * 202 with the report as it stands, its Location and a Retry-After, the work going on.
 */
export async function postIndexReport(req: ApiRequest, deps: IndexerApiDeps): Promise<ApiResponse> {
  const manifest = parseManifest(parseJsonBody(req));
  const state = etag(deps.scanners.state);
  const links = reportLinks(manifest.hash);
  if (isNotModified(req.headers['if-none-match'], state)) {
    throw new PreconditionFailedError(
      `the index state is still ${state}: this scanner set has nothing new to index`,
    );
  }
  const ids = await deps.scannerIds();
  const stored = await currentReport(deps.db, manifest.hash, ids);
  if (stored?.current) return { status: 201, headers: { ...links, etag: state }, json: stored.report };
  const { manifestId } = await persistManifest(deps.db, manifest);
  if (stored === undefined || TERMINAL.has(stored.report.state)) {
    await saveIndexReport(deps.db, manifestId, emptyReport(manifest.hash, 'CheckManifest'));
  }
  try {
    await deps.enqueueIndex(JSON.stringify({ manifest }));
  } catch (err) {
    if (err instanceof InvalidInputError)
      throw new InvalidInputError(`manifest is too large to index: ${err.message}`);
    throw err;
  }
  const report = await waitForReport(manifest.hash, ids, deps, req.signal);
  if (TERMINAL.has(report.state)) return { status: 201, headers: { ...links, etag: state }, json: report };
  return { status: 202, headers: { ...links, 'retry-after': String(RETRY_AFTER_S) }, json: report };
}

async function waitForReport(
  manifest: string,
  ids: readonly string[],
  deps: IndexerApiDeps,
  signal: AbortSignal,
): Promise<IndexReport> {
  const deadline = Date.now() + deps.config.indexer.requestWaitMs;
  for (let wait = POLL_FIRST_MS; ; wait = Math.min(wait * 1.5, POLL_MAX_MS)) {
    const stored = await currentReport(deps.db, manifest, ids);
    const report = stored?.report ?? emptyReport(manifest, 'CheckManifest');
    if (TERMINAL.has(report.state) || Date.now() + wait > deadline || signal.aborted) return report;
    await sleep(wait);
  }
}
