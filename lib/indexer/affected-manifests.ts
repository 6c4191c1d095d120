// Reverse matching (claircore-engine.md section 4.5): which indexed manifests the given
// vulnerabilities affect, as the notifier asks after an update. Every registered matcher is
// tried; a vulnerability lacking a value one of its constraints needs is not its business.
import type pg from 'pg';
import type { Logger } from '../log.ts';
import { INDEXER_COLUMN, isEquality, vulnerabilityValues } from '../matcher/constraints.ts';
import { invertedVulnerabilities } from '../matcher/store/inverted-vulnerabilities.ts';
import type { Matcher } from '../matcher/types.ts';
import { vulnerableOrSkip } from '../matcher/vulnerable.ts';
import { SEVERITIES, type VersionRange } from '../updater/types.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import type { Digest } from './digest.ts';
import { affectedPackages, type PackageQuery } from './store/affected-packages.ts';

export type AffectedManifests = {
  readonly vulnerabilities: Readonly<Record<string, WireVulnerability>>;
  /** Manifest digest -> ids of the vulnerabilities affecting it, most severe first. */
  readonly vulnerable_manifests: Readonly<Record<Digest, readonly string[]>>;
};

// Distinct (package name, column values) looked up per query. Advisories sharing both (a batch of
// kernel CVEs, say) share one lookup, so rows come back once per package, not once per advisory.
const LOOKUPS_PER_QUERY = 1000;

export async function affectedManifests(
  db: pg.Pool,
  vulns: readonly WireVulnerability[],
  matchers: readonly Matcher[],
  ranges: ReadonlyMap<string, VersionRange>,
  log: Logger,
): Promise<AffectedManifests> {
  const found = vulns.map(() => new Set<Digest>());
  await visitAffected(db, vulns, matchers, ranges, log, (i, manifest) => found[i]?.add(manifest));
  const manifests = new Map<Digest, string[]>();
  vulns.forEach((vuln, i) => {
    for (const digest of found[i] ?? []) {
      const ids = manifests.get(digest);
      if (ids === undefined) manifests.set(digest, [vuln.id]);
      else ids.push(vuln.id);
    }
  });
  const byId = new Map(vulns.map((v) => [v.id, v]));
  const rank = (id: string) =>
    (SEVERITIES as readonly string[]).indexOf(byId.get(id)?.normalized_severity ?? 'Unknown');
  for (const ids of manifests.values()) ids.sort((a, b) => rank(b) - rank(a));
  return { vulnerabilities: Object.fromEntries(byId), vulnerable_manifests: Object.fromEntries(manifests) };
}

/**
 * Calls visit for each (vulnerability index, manifest) the vulnerabilities affect, as rows come,
 * keeping nothing itself; a pair may come more than once (from several matchers).
 */
export async function visitAffected(
  db: pg.Pool,
  vulns: readonly WireVulnerability[],
  matchers: readonly Matcher[],
  ranges: ReadonlyMap<string, VersionRange>,
  log: Logger,
  visit: (vuln: number, manifest: Digest) => void,
): Promise<void> {
  // Known-not-affected assertions (RHEL VEX) affect nothing.
  const inverted = await invertedVulnerabilities(
    db,
    vulns.map((v) => v.id),
  );
  // One matcher after another, and rows a page at a time: memory stays bounded however many
  // manifests hold a package.
  for (const matcher of matchers) {
    const lookups = new Map<string, { query: PackageQuery; vulns: number[] }>();
    vulns.forEach((vuln, i) => {
      if (inverted.has(vuln.id) || !appliesTo(matcher, vuln)) return;
      const values = vulnerabilityValues(vuln);
      const equal = matcher.query.filter(isEquality).map((c) => [INDEXER_COLUMN[c], values[c]]);
      const key = JSON.stringify([vuln.package.name, equal]);
      const lookup = lookups.get(key) ?? {
        query: { name: vuln.package.name, equal: Object.fromEntries(equal) },
        vulns: [] as number[],
      };
      lookup.vulns.push(i);
      lookups.set(key, lookup);
    });
    const all = [...lookups.values()];
    for (let start = 0; start < all.length; start += LOOKUPS_PER_QUERY) {
      const batch = all.slice(start, start + LOOKUPS_PER_QUERY);
      for await (const row of affectedPackages(
        db,
        batch.map((l) => l.query),
      )) {
        if (!matcher.filter(row)) continue;
        for (const i of batch[row.query]?.vulns ?? []) {
          const vuln = vulns[i] as WireVulnerability;
          if (vulnerableOrSkip(matcher, row, vuln, ranges.get(vuln.id), log)) visit(i, row.manifest);
        }
      }
    }
  }
}

// claircore skips a matcher when a constraint's value is missing from the advisory; the package
// module is compared even when empty. A matcher that pins the distribution's id and name, which
// its filter reads, is also skipped when it would refuse the advisory's own distribution: every
// row it found would be refused (the Ubuntu matcher and a Debian advisory).
function appliesTo(matcher: Matcher, vuln: WireVulnerability): boolean {
  const values = vulnerabilityValues(vuln);
  const applies = matcher.query.every((c) =>
    isEquality(c) ? c === 'package_module' || values[c] !== '' : vuln.fixed_in_version !== '',
  );
  if (!applies || !(matcher.query.includes('dist_id') && matcher.query.includes('dist_name'))) return applies;
  const distribution = { ...vuln.distribution, id: '' };
  return matcher.filter({
    package: {
      id: '',
      name: vuln.package.name,
      version: '',
      kind: 'binary',
      normalized_version: '',
      cpe: '',
    },
    distribution,
    repository: undefined,
  });
}
