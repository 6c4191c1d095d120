import type pg from 'pg';
import { MEDIA_TYPES } from '../http/media-types.ts';
import { notImplemented } from '../http/not-implemented.ts';
import type { Route } from '../http/router.ts';
import { type ApiDeps, type ApiHandler, createApiHandler } from '../http/stack.ts';
import {
  deleteUpdateOperationRoute,
  listUpdateOperations,
  updateDiffRoute,
} from './update-operation-routes.ts';

const BASE = '/matcher/api/v1';

export type MatcherApiDeps = ApiDeps & { readonly db: pg.Pool };

/** The matcher's routes (Clair endpoint table rows 7-10). */
export function matcherRoutes(deps: MatcherApiDeps): Route[] {
  return [
    {
      path: `${BASE}/vulnerability_report/{digest}`,
      produces: MEDIA_TYPES.vulnerabilityReport,
      methods: { GET: notImplemented('vulnerability reports') },
    },
    {
      path: `${BASE}/internal/update_operation`,
      produces: MEDIA_TYPES.updateOperations,
      methods: { GET: (req) => listUpdateOperations(req, deps) },
    },
    {
      path: `${BASE}/internal/update_operation/{ref}`,
      methods: { DELETE: (req) => deleteUpdateOperationRoute(req, deps) },
    },
    {
      path: `${BASE}/internal/update_diff`,
      produces: MEDIA_TYPES.updateDiff,
      methods: { GET: (req) => updateDiffRoute(req, deps) },
    },
  ];
}

/** The matcher-api function's handler. */
export function createMatcherApi(deps: MatcherApiDeps): ApiHandler {
  return createApiHandler('matcher', matcherRoutes(deps), deps);
}
