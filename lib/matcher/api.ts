import type pg from 'pg';
import { MEDIA_TYPES } from '../http/media-types.ts';
import type { Route } from '../http/router.ts';
import { type ApiDeps, type ApiHandler, createApiHandler } from '../http/stack.ts';
import { reportEnricher } from './enrichments.ts';
import { configuredMatchers } from './registry.ts';
import { candidateCache } from './store/candidate-cache.ts';
import { vulnerabilityDataLoaded } from './store/has-vulnerabilities.ts';
import { vulnerabilityLoader } from './store/vulnerabilities-by-id.ts';
import {
  deleteUpdateOperationRoute,
  listUpdateOperations,
  updateDiffRoute,
} from './update-operation-routes.ts';
import { getVulnerabilityReportRoute, type VulnerabilityReportDeps } from './vulnerability-report-route.ts';

const BASE = '/matcher/api/v1';

export type MatcherApiDeps = ApiDeps & { readonly db: pg.Pool };

/** The matcher's routes (Clair endpoint table rows 7-10). */
export function matcherRoutes(deps: MatcherApiDeps): Route[] {
  const reports: VulnerabilityReportDeps = {
    db: deps.db,
    log: deps.log,
    candidates: candidateCache(deps.db),
    load: vulnerabilityLoader(deps.db),
    matchers: configuredMatchers(deps.config.matchers),
    vulnerabilityDataLoaded: vulnerabilityDataLoaded(deps.db),
    enrich: reportEnricher(deps.db, deps.log, deps.config.matcher.disableEnrichment),
    cacheAgeSeconds: Math.floor(deps.config.matcher.cacheAgeMs / 1000),
  };
  return [
    {
      path: `${BASE}/vulnerability_report/{digest}`,
      produces: MEDIA_TYPES.vulnerabilityReport,
      methods: { GET: (req) => getVulnerabilityReportRoute(req, reports) },
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
