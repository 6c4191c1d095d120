import { MEDIA_TYPES } from '../http/media-types.ts';
import { notImplemented } from '../http/not-implemented.ts';
import type { Route } from '../http/router.ts';
import { type ApiDeps, type ApiHandler, createApiHandler } from '../http/stack.ts';

const BASE = '/matcher/api/v1';

/** The matcher's routes (Clair endpoint table rows 7-10). */
export const matcherRoutes: readonly Route[] = [
  {
    path: `${BASE}/vulnerability_report/{digest}`,
    produces: MEDIA_TYPES.vulnerabilityReport,
    methods: { GET: notImplemented('vulnerability reports') },
  },
  {
    path: `${BASE}/internal/update_operation`,
    produces: MEDIA_TYPES.updateOperations,
    methods: { GET: notImplemented('listing update operations') },
  },
  {
    path: `${BASE}/internal/update_operation/{ref}`,
    methods: { DELETE: notImplemented('deleting an update operation') },
  },
  {
    path: `${BASE}/internal/update_diff`,
    produces: MEDIA_TYPES.updateDiff,
    methods: { GET: notImplemented('update diffs') },
  },
];

/** The matcher-api function's handler. */
export function createMatcherApi(deps: ApiDeps): ApiHandler {
  return createApiHandler('matcher', matcherRoutes, deps);
}
