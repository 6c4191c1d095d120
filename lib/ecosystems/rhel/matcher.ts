// RHEL packages against Red Hat's VEX data (claircore's rhel matcher): an advisory applies to
// a package from a repository whose CPE it covers, then the rpm rule decides.
import type { Matcher } from '../../matcher/types.ts';
import { pluginConfigAt } from '../../updater/plugin-config.ts';
import { rpmVulnerable } from '../rpm/matcher-rule.ts';
import { repositoryCpeMatches } from './cpe-check.ts';
import { RHEL_REPOSITORY_KEY } from './repository-scanner.ts';

const base = {
  name: 'rhel',
  filter: (record) => record.repository?.key === RHEL_REPOSITORY_KEY,
  query: ['package_module', 'repo_key'],
  vulnerable(record, vuln) {
    if (vuln.repository.key !== RHEL_REPOSITORY_KEY) return false;
    if (!repositoryCpeMatches(record.repository?.cpe ?? '', vuln.repository.name ?? '')) return false;
    return rpmVulnerable(record, vuln);
  },
} satisfies Matcher;

/**
 * `matchers.config.rhel.ignore_unpatched: true` leaves out advisories with no fix yet (VEX
 * known_affected), as claircore does, by asking the database for rows with a fixed version.
 */
export const rhelMatcher: Matcher = {
  ...base,
  configure(config) {
    const ignoreUnpatched = pluginConfigAt(config, 'matchers.config.rhel', ['ignore_unpatched']).boolean(
      'ignore_unpatched',
      false,
    );
    return ignoreUnpatched ? { ...base, query: [...base.query, 'has_fixed_in_version'] } : base;
  },
};
