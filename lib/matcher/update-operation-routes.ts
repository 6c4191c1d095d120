import { InvalidInputError } from '../errors.ts';
import { etag, isNotModified } from '../http/conditional.ts';
import type { ApiRequest, ApiResponse } from '../http/request.ts';
import { getUpdateDiff } from '../updater/store/update-diff.ts';
import {
  deleteUpdateOperation,
  getUpdateOperations,
  latestOperationRef,
  type OperationKind,
} from '../updater/store/update-operations.ts';
import { parseUuid } from '../uuid.ts';
import type { MatcherApiDeps } from './api.ts';

/**
 * GET internal/update_operation?kind=&latest=: each updater's operations, newest first. The ETag
 * is the newest operation's ref, so a client polls cheaply with If-None-Match.
 */
export async function listUpdateOperations(req: ApiRequest, deps: MatcherApiDeps): Promise<ApiResponse> {
  const kindParam = req.query.get('kind') ?? 'vulnerability';
  if (kindParam !== 'vulnerability' && kindParam !== 'enrichment') {
    throw new InvalidInputError(
      `unknown kind: ${JSON.stringify(kindParam)}: want vulnerability or enrichment`,
    );
  }
  const kind: OperationKind = kindParam;
  const latestParam = req.query.get('latest') ?? 'false';
  if (!['true', 'false', '1', '0', ''].includes(latestParam)) {
    throw new InvalidInputError(`latest ${JSON.stringify(latestParam)} is not a boolean`);
  }
  const ref = await latestOperationRef(deps.db, kind);
  const tag = ref === undefined ? undefined : etag(ref);
  if (tag !== undefined && isNotModified(req.headers['if-none-match'], tag))
    return { status: 304, headers: { etag: tag } };
  const operations = await getUpdateOperations(deps.db, kind, latestParam === 'true' || latestParam === '1');
  return { status: 200, headers: tag === undefined ? {} : { etag: tag }, json: operations };
}

/** DELETE internal/update_operation/{ref}: 200 whether or not it existed; its data goes at the next GC. */
export async function deleteUpdateOperationRoute(
  req: ApiRequest,
  deps: MatcherApiDeps,
): Promise<ApiResponse> {
  const ref = parseUuid(req.params.ref, 'update operation ref');
  const deleted = await deleteUpdateOperation(deps.db, ref);
  deps.log.info('update operation delete', { ref, deleted });
  return { status: 200 };
}

/** GET internal/update_diff?cur=&prev=: what changed between two operations (all of cur without prev). */
export async function updateDiffRoute(req: ApiRequest, deps: MatcherApiDeps): Promise<ApiResponse> {
  const cur = parseUuid(req.query.get('cur'), 'cur');
  const prevParam = req.query.get('prev');
  const prev = prevParam === null || prevParam === '' ? undefined : parseUuid(prevParam, 'prev');
  return { status: 200, json: await getUpdateDiff(deps.db, cur, prev) };
}
