// The `clair.cvss` updater set (claircore enricher/cvss): one enrichment updater over NVD's yearly
// CVE feeds, storing each CVE's CVSS v3 data for vulnerability reports to show.
import { ConfigError, InvalidInputError } from '../../errors.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type { EnrichmentUpdater, UpdaterSetFactory } from '../../updater/types.ts';
import { fetchNvdFeeds } from './fetcher.ts';
import { parseSpooledFeeds } from './parser.ts';

/** The set's name, its one updater's name, and the enricher named in reports. */
export const CVSS_UPDATER = 'clair.cvss';
export const DEFAULT_FEED_ROOT = 'https://nvd.nist.gov/feeds/json/cve/2.0/';

/**
 * `updaters.config."clair.cvss"`: `feed_root`, where `nvdcve-2.0-<year>.meta` and `.json.gz`
 * are, ending in `/` as Clair requires. @default https://nvd.nist.gov/feeds/json/cve/2.0/
 */
export function cvssFeedRoot(raw: Readonly<Record<string, unknown>>): string {
  const root = pluginConfig(raw, CVSS_UPDATER, ['feed_root']).url('feed_root', DEFAULT_FEED_ROOT);
  if (!root.endsWith('/')) {
    throw new ConfigError(`updaters.config.${CVSS_UPDATER}.feed_root: ${JSON.stringify(root)} must end in /`);
  }
  return root;
}

export const cvssUpdaterSet: UpdaterSetFactory<EnrichmentUpdater> = {
  name: CVSS_UPDATER,
  discover: async (raw) => [
    { set: CVSS_UPDATER, name: CVSS_UPDATER, params: { feed_root: cvssFeedRoot(raw) } },
  ],
  build(spec, raw) {
    cvssFeedRoot(raw);
    const root = spec.params.feed_root;
    if (root === undefined || !URL.canParse(root)) {
      throw new InvalidInputError(`updater ${spec.name}: feed_root ${JSON.stringify(root)} is not a URL`);
    }
    return {
      kind: 'enrichment',
      name: spec.name,
      fetch: (previous, ctx) => fetchNvdFeeds(root, previous, ctx),
      parse: (file, ctx) => parseSpooledFeeds(file, ctx),
    };
  },
};
