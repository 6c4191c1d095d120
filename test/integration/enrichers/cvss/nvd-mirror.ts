// An NVD feed mirror on the loopback feed server: a small gzipped feed and its .meta for every
// year clair.cvss fetches, so tests control exactly which years change.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type pg from 'pg';
import { updaterSets } from '../../../../lib/ecosystems/index.ts';
import { feedYears } from '../../../../lib/enrichers/cvss/fetcher.ts';
import type { Logger } from '../../../../lib/log.ts';
import type { UpdateDeps } from '../../../../lib/updater/run-updater.ts';
import type { UpdaterSpec } from '../../../../lib/updater/types.ts';
import type { FeedServer } from '../../../helpers/feed-server.ts';
import { type FeedCve, nvdFeed, nvdMeta } from '../../../unit/enrichers/cvss/nvd-feed.ts';

export const YEARS = feedYears(new Date());
export const ROOT_PATH = '/nvd/';

/** A year's usual CVEs: one scored in v3.1, one rejected, one scored in v3.0 only. */
export const yearCves = (year: number): FeedCve[] => [
  { id: `CVE-${year}-0001`, v31: [['Primary', 7.5]] },
  { id: `CVE-${year}-0002`, status: 'Rejected', v31: [['Primary', 9.8]] },
  { id: `CVE-${year}-0003`, v31: [['Secondary', 4.3]], v30: [['Primary', 5.3]] },
];
/** Records a year's usual CVEs give. */
export const RECORDS_PER_YEAR = 2;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex').toUpperCase();

/** Serves one year: its feed gzipped and its .meta, or the bodies given. */
export function serveYear(
  feeds: FeedServer,
  year: number,
  cves: readonly FeedCve[] = yearCves(year),
  broken: { readonly gz?: Buffer; readonly meta?: string } = {},
): string {
  const json = nvdFeed(cves);
  feeds.set(`${ROOT_PATH}nvdcve-2.0-${year}.json.gz`, { body: broken.gz ?? gzipSync(json) });
  feeds.set(`${ROOT_PATH}nvdcve-2.0-${year}.meta`, { body: broken.meta ?? nvdMeta(json) });
  return json;
}

/** Serves every year with its usual CVEs; the fingerprint clair.cvss should record. */
export function serveAllYears(feeds: FeedServer): Record<string, string> {
  return Object.fromEntries(YEARS.map((year) => [String(year), sha256(serveYear(feeds, year))]));
}

export const cvssSpec = (feeds: FeedServer): UpdaterSpec => ({
  set: 'clair.cvss',
  name: 'clair.cvss',
  params: { feed_root: `${feeds.url}${ROOT_PATH}` },
});

/** Engine dependencies with the registered updater sets, clair.cvss pointed at the mirror. */
export function cvssDeps(db: pg.Pool, feeds: FeedServer, log: Logger, retention = 10): UpdateDeps {
  return {
    db,
    factories: updaterSets(),
    updaters: { sets: ['clair.cvss'], config: { 'clair.cvss': { feed_root: `${feeds.url}${ROOT_PATH}` } } },
    retention,
    log,
  };
}

/** Empties update and enrichment data, as between tests. */
export async function clearEnrichments(db: pg.Pool): Promise<void> {
  await db.query(
    'TRUNCATE matcher.update_operation, matcher.enrichment, matcher.updater_status, matcher.update_lease CASCADE',
  );
}
