import { InvalidInputError } from '../errors.ts';
import { parseJsonBody } from '../http/body.ts';
import type { ApiRequest, ApiResponse } from '../http/request.ts';
import type { IndexerApiDeps } from './api.ts';
import { parseDigest } from './digest.ts';
import { deleteManifests } from './store/delete-manifests.ts';

// A bound on one request's work.
const MAX_BULK = 1000;

/** DELETE index_report/{digest}: 204 whether or not the manifest was known. */
export async function deleteIndexReport(req: ApiRequest, deps: IndexerApiDeps): Promise<ApiResponse> {
  const manifest = parseDigest(req.params.digest, 'manifest digest');
  const deleted = await deleteManifests(deps.db, [manifest]);
  deps.log.info('manifest delete', { manifest, deleted: deleted.length === 1 });
  return { status: 204 };
}

/** DELETE index_report with a JSON array of digests: 200 with the digests actually deleted. */
export async function deleteIndexReports(req: ApiRequest, deps: IndexerApiDeps): Promise<ApiResponse> {
  const body = parseJsonBody(req);
  if (!Array.isArray(body))
    throw new InvalidInputError('request body must be a JSON array of manifest digests');
  if (body.length > MAX_BULK)
    throw new InvalidInputError(`request has ${body.length} digests: at most ${MAX_BULK} per request`);
  const digests = body.map((d, i) => parseDigest(d, `digest [${i}]`));
  const deleted = await deleteManifests(deps.db, digests);
  deps.log.info('manifest delete', { asked: digests.length, deleted: deleted.length });
  return { status: 200, json: deleted };
}
