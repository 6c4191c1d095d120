// Reverse matching (claircore-engine.md section 4.5): which indexed manifests the given
// vulnerabilities affect, as the notifier asks after an update. Every registered matcher is
// tried; a vulnerability lacking a value one of its constraints needs is not its business.
import type pg from 'pg';
import type { Logger } from '../log.ts';
import { INDEXER_COLUMN, isEquality, vulnerabilityValues } from '../matcher/constraints.ts';
import type { Matcher } from '../matcher/types.ts';
import { vulnerableOrSkip } from '../matcher/vulnerable.ts';
import { SEVERITIES, type VersionRange } from '../updater/types.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import type { Digest } from './digest.ts';
import { affectedPackages } from './store/affected-packages.ts';

export type AffectedManifests = {
  readonly vulnerabilities: Readonly<Record<string, WireVulnerability>>;
  /** Manifest digest -> ids of the vulnerabilities affecting it, most severe first. */
  readonly vulnerable_manifests: Readonly<Record<Digest, readonly string[]>>;
};

const VULNERABILITIES_PER_QUERY = 1000;

export async function affectedManifests(
  db: pg.Pool,
  vulns: readonly WireVulnerability[],
  matchers: readonly Matcher[],
  ranges: ReadonlyMap<string, VersionRange>,
  log: Logger,
): Promise<AffectedManifests> {
  const found = vulns.map(() => new Set<Digest>());
  await Promise.all(
    matchers.map(async (matcher) => {
      const applicable = vulns.flatMap((vuln, i) => (appliesTo(matcher, vuln) ? [{ vuln, i }] : []));
      for (let start = 0; start < applicable.length; start += VULNERABILITIES_PER_QUERY) {
        const batch = applicable.slice(start, start + VULNERABILITIES_PER_QUERY);
        const queries = batch.map(({ vuln }) => {
          const values = vulnerabilityValues(vuln);
          const equal = matcher.query.filter(isEquality).map((c) => [INDEXER_COLUMN[c], values[c]]);
          return { name: vuln.package.name, equal: Object.fromEntries(equal) };
        });
        for (const row of await affectedPackages(db, queries)) {
          const { vuln, i } = batch[row.query] as (typeof batch)[number];
          if (matcher.filter(row) && vulnerableOrSkip(matcher, row, vuln, ranges.get(vuln.id), log))
            found[i]?.add(row.manifest);
        }
      }
    }),
  );
  const manifests: Record<Digest, string[]> = {};
  vulns.forEach((vuln, i) => {
    for (const digest of found[i] ?? []) manifests[digest] = [...(manifests[digest] ?? []), vuln.id];
  });
  const byId = new Map(vulns.map((v) => [v.id, v]));
  const rank = (id: string) =>
    (SEVERITIES as readonly string[]).indexOf(byId.get(id)?.normalized_severity ?? 'Unknown');
  for (const ids of Object.values(manifests)) ids.sort((a, b) => rank(b) - rank(a));
  return { vulnerabilities: Object.fromEntries(byId), vulnerable_manifests: manifests };
}

// claircore skips a matcher when a constraint's value is missing from the advisory; the package
// module is compared even when empty.
function appliesTo(matcher: Matcher, vuln: WireVulnerability): boolean {
  const values = vulnerabilityValues(vuln);
  return matcher.query.every((c) =>
    isEquality(c) ? c === 'package_module' || values[c] !== '' : vuln.fixed_in_version !== '',
  );
}
