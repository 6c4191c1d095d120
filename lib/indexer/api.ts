import type pg from 'pg';
import { MEDIA_TYPES } from '../http/media-types.ts';
import type { Route } from '../http/router.ts';
import { type ApiDeps, type ApiHandler, createApiHandler } from '../http/stack.ts';
import type { SendMessage } from '../queue/send-message.ts';
import { postAffectedManifestsRoute } from './affected-manifests-route.ts';
import { deleteIndexReport, deleteIndexReports } from './delete-index-reports.ts';
import { postIndexReport } from './post-index-report.ts';
import { getIndexReportRoute, getIndexState } from './read-index-report.ts';
import type { ScannerSet } from './scanner-set.ts';
import { registerScanners } from './store/register-scanners.ts';

const BASE = '/indexer/api/v1';

export type IndexerApiOptions = ApiDeps & {
  readonly db: pg.Pool;
  readonly scanners: ScannerSet;
  /** Queues an index job (index-jobs). */
  readonly enqueueIndex: SendMessage;
};

export type IndexerApiDeps = IndexerApiOptions & {
  /** The database ids of the current scanners, registered once per process. */
  readonly scannerIds: () => Promise<string[]>;
};

/** The indexer's routes (Clair endpoint table rows 1-6). */
export function indexerRoutes(deps: IndexerApiDeps): Route[] {
  return [
    {
      path: `${BASE}/index_report`,
      produces: MEDIA_TYPES.indexReport,
      methods: {
        POST: (req) => postIndexReport(req, deps),
        DELETE: (req) => deleteIndexReports(req, deps),
      },
    },
    {
      path: `${BASE}/index_report/{digest}`,
      produces: MEDIA_TYPES.indexReport,
      methods: {
        GET: (req) => getIndexReportRoute(req, deps),
        DELETE: (req) => deleteIndexReport(req, deps),
      },
    },
    {
      path: `${BASE}/index_state`,
      produces: MEDIA_TYPES.indexState,
      methods: { GET: (req) => getIndexState(req, deps) },
    },
    {
      path: `${BASE}/internal/affected_manifest/`,
      produces: MEDIA_TYPES.affectedManifests,
      methods: { POST: (req) => postAffectedManifestsRoute(req, deps) },
    },
  ];
}

/** The indexer-api function's handler. */
export function createIndexerApi(options: IndexerApiOptions): ApiHandler {
  let ids: Promise<string[]> | undefined;
  const scannerIds = (): Promise<string[]> => {
    ids ??= registerScanners(options.db, options.scanners.scanners).then(
      (map) => [...map.values()],
      (err: unknown) => {
        ids = undefined;
        throw err;
      },
    );
    return ids;
  };
  return createApiHandler('indexer', indexerRoutes({ ...options, scannerIds }), options);
}
