import { MEDIA_TYPES } from '../http/media-types.ts';
import { notImplemented } from '../http/not-implemented.ts';
import type { Route } from '../http/router.ts';
import { type ApiDeps, type ApiHandler, createApiHandler } from '../http/stack.ts';

const BASE = '/indexer/api/v1';

/** The indexer's routes (Clair endpoint table rows 1-6). */
export const indexerRoutes: readonly Route[] = [
  {
    path: `${BASE}/index_report`,
    produces: MEDIA_TYPES.indexReport,
    methods: {
      POST: notImplemented('indexing a manifest', { jsonBody: true }),
      DELETE: notImplemented('deleting index reports', { jsonBody: true }),
    },
  },
  {
    path: `${BASE}/index_report/{digest}`,
    produces: MEDIA_TYPES.indexReport,
    methods: {
      GET: notImplemented('reading an index report'),
      DELETE: notImplemented('deleting an index report'),
    },
  },
  {
    path: `${BASE}/index_state`,
    produces: MEDIA_TYPES.indexState,
    methods: { GET: notImplemented('the index state') },
  },
  {
    path: `${BASE}/internal/affected_manifest/`,
    produces: MEDIA_TYPES.affectedManifests,
    methods: { POST: notImplemented('affected manifest lookup', { jsonBody: true }) },
  },
];

/** The indexer-api function's handler. */
export function createIndexerApi(deps: ApiDeps): ApiHandler {
  return createApiHandler('indexer', indexerRoutes, deps);
}
