// Matcher tests: a report stored as the indexer would have stored it, vulnerability records stored
// as an update operation, and the matcher-api handler asked for the vulnerability report.
import type pg from 'pg';
import { parseConfig } from '../../lib/config/load.ts';
import type { IndexReport } from '../../lib/indexer/index-report.ts';
import { saveIndexReport } from '../../lib/indexer/store/index-reports.ts';
import { persistManifest } from '../../lib/indexer/store/persist-manifest.ts';
import { lambdaContext } from '../../lib/local/lambda-context.ts';
import type { Logger } from '../../lib/log.ts';
import { createMatcherApi } from '../../lib/matcher/api.ts';
import type { VulnerabilityReport } from '../../lib/matcher/vulnerability-report.ts';
import { storeUpdate } from '../../lib/updater/store/store-update.ts';
import type { Vulnerability } from '../../lib/updater/types.ts';
import { apiEvent } from './events.ts';

/** Stores a report (from a fixture) as the manifest's index report. */
export async function storeIndexReport(db: pg.Pool, report: IndexReport): Promise<void> {
  const { manifestId } = await persistManifest(db, { hash: report.manifest_hash, layers: [] });
  await saveIndexReport(db, manifestId, report);
}

/** Stores the records as one new update operation of the updater, as an updater run would. */
export async function storeVulnerabilities(
  db: pg.Pool,
  updater: string,
  vulnerabilities: Iterable<Vulnerability> | AsyncIterable<Vulnerability>,
): Promise<string> {
  const records = async function* () {
    yield* vulnerabilities;
  };
  return (await storeUpdate(db, updater, `test-${Date.now()}`, records())).ref;
}

export type ReportResponse = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number | boolean>>;
  /** The JSON report, when the body is one; undefined for an empty or gzipped body. */
  readonly report: VulnerabilityReport | undefined;
  /** The body as the handler answered it (base64 when gzipped). */
  readonly body: string;
};

/**
 * GET vulnerability_report/{digest} through one matcher-api handler with the given config, kept
 * between calls as a warm Lambda keeps it (and so its caches).
 */
export function matcherReporter(
  db: pg.Pool,
  log: Logger,
  yaml = '',
): (digest: string, headers?: Record<string, string>) => Promise<ReportResponse> {
  const api = createMatcherApi({ config: parseConfig(yaml, 'test.yaml', {}).config, log, db });
  return async (digest, headers = {}) => {
    const res = await api(
      apiEvent({ path: `/matcher/api/v1/vulnerability_report/${digest}`, headers }),
      lambdaContext('matcher-api', 30_000),
    );
    const json = res.body !== undefined && res.headers?.['content-type']?.toString().includes('json');
    return {
      status: res.statusCode ?? 0,
      body: res.body ?? '',
      headers: res.headers ?? {},
      report:
        json && !res.isBase64Encoded ? (JSON.parse(res.body as string) as VulnerabilityReport) : undefined,
    };
  };
}

/** One GET vulnerability_report/{digest} through a new matcher-api handler. */
export function getVulnerabilityReport(
  db: pg.Pool,
  log: Logger,
  digest: string,
  { yaml = '', headers = {} }: { yaml?: string; headers?: Record<string, string> } = {},
): Promise<ReportResponse> {
  return matcherReporter(db, log, yaml)(digest, headers);
}
