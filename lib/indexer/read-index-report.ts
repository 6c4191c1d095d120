import { NotFoundError } from '../errors.ts';
import { etag, isNotModified } from '../http/conditional.ts';
import type { ApiRequest, ApiResponse } from '../http/request.ts';
import type { IndexerApiDeps } from './api.ts';
import { parseDigest } from './digest.ts';
import { currentReport } from './store/current-report.ts';

/**
 * GET index_report/{digest}: the stored report in any state. Only a report final for the current
 * scanners carries the index state as its ETag (and answers 304 to it): anything else may change.
 */
export async function getIndexReportRoute(req: ApiRequest, deps: IndexerApiDeps): Promise<ApiResponse> {
  const manifest = parseDigest(req.params.digest, 'manifest digest');
  const stored = await currentReport(deps.db, manifest, await deps.scannerIds());
  if (stored === undefined) throw new NotFoundError(`index report for manifest ${manifest} not found`);
  if (!stored.current) return { status: 200, json: stored.report };
  const tag = etag(deps.scanners.state);
  if (isNotModified(req.headers['if-none-match'], tag)) return { status: 304, headers: { etag: tag } };
  return { status: 200, headers: { etag: tag }, json: stored.report };
}

/** GET index_state: the opaque state of the scanner set, with itself as ETag. */
export async function getIndexState(req: ApiRequest, deps: IndexerApiDeps): Promise<ApiResponse> {
  const tag = etag(deps.scanners.state);
  if (isNotModified(req.headers['if-none-match'], tag)) return { status: 304, headers: { etag: tag } };
  return { status: 200, headers: { etag: tag }, json: { state: deps.scanners.state } };
}
