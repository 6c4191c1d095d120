// The matching flow (claircore-engine.md section 4.2): every matcher picks the records it is
// interested in, asks the store for candidates in a few batched queries, and keeps those its
// version rule says are vulnerable; the kept ones are then read whole, once each.
import type { WirePackage } from '../indexer/index-report.ts';
import { parseNormalizedVersionText } from '../indexer/normalized-version.ts';
import type { KindedVersion } from '../indexer/types.ts';
import type { Logger } from '../log.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import { type ConstraintValues, isEquality, recordValues } from './constraints.ts';
import type { CandidateSource } from './store/candidate-cache.ts';
import type { Candidate } from './store/candidates.ts';
import type { VulnerabilityLoader } from './store/vulnerabilities-by-id.ts';
import type { Matcher, MatchRecord } from './types.ts';
import { vulnerableOrSkip } from './vulnerable.ts';

export type Matches = {
  readonly vulnerabilities: Map<string, WireVulnerability>;
  /** Package id -> vulnerability ids, in the order matchers found them. */
  readonly packageVulnerabilities: Map<string, string[]>;
};

export type MatchDeps = {
  readonly log: Logger;
  readonly candidates: CandidateSource;
  readonly load: VulnerabilityLoader;
};

/** The vulnerabilities affecting the records, by every matcher given. */
export async function match(
  deps: MatchDeps,
  matchers: readonly Matcher[],
  records: readonly MatchRecord[],
): Promise<Matches> {
  const perMatcher = await Promise.all(matchers.map((m) => matchOne(deps, m, records)));
  const packageVulnerabilities = new Map<string, string[]>();
  for (const found of perMatcher) {
    for (const { packageId, vulnId } of found) {
      const ids = packageVulnerabilities.get(packageId) ?? [];
      if (!ids.includes(vulnId)) ids.push(vulnId);
      packageVulnerabilities.set(packageId, ids);
    }
  }
  const vulnerabilities = await deps.load([...new Set([...packageVulnerabilities.values()].flat())]);
  // A row garbage-collected between the two reads (its operation deleted meanwhile) is left out.
  for (const [pkg, ids] of packageVulnerabilities) {
    const kept = ids.filter((id) => vulnerabilities.has(id));
    if (kept.length === 0) packageVulnerabilities.delete(pkg);
    else packageVulnerabilities.set(pkg, kept);
  }
  return { vulnerabilities, packageVulnerabilities };
}

type Found = { readonly packageId: string; readonly vulnId: string };

async function matchOne(
  deps: MatchDeps,
  matcher: Matcher,
  records: readonly MatchRecord[],
): Promise<Found[]> {
  const found: Found[] = [];
  const interested = records.filter((r) => matchable(r) && matcher.filter(r));
  for (const group of groupByConstraints(matcher, interested)) {
    const names = [...new Set(group.records.flatMap(recordNames))];
    const byName = await deps.candidates(names, matcher.query, group.values, group.version);
    for (const record of group.records) {
      for (const c of candidatesFor(record, byName))
        if (
          matcher.versionFilter?.authoritative === true ||
          vulnerableOrSkip(matcher, record, c.vuln, c.range, deps.log)
        )
          found.push({ packageId: record.package.id, vulnId: c.vuln.id });
    }
  }
  return found;
}

// Records sharing every constraint value (and, for a version filter, the normalised version)
// share one query.
function groupByConstraints(matcher: Matcher, records: readonly MatchRecord[]) {
  const groups = new Map<
    string,
    { values: ConstraintValues; version: KindedVersion | undefined; records: MatchRecord[] }
  >();
  for (const record of records) {
    const values = recordValues(record);
    const version =
      matcher.versionFilter === undefined
        ? undefined
        : parseNormalizedVersionText(record.package.normalized_version ?? '');
    const key = JSON.stringify([matcher.query.filter(isEquality).map((c) => values[c]), version]);
    const group = groups.get(key) ?? { values, version, records: [] };
    group.records.push(record);
    groups.set(key, group);
  }
  return groups.values();
}

// claircore drops records whose normalised version is of kind "unmatchable".
const matchable = (r: MatchRecord): boolean =>
  !(r.package.normalized_version ?? '').startsWith('unmatchable:');

const recordNames = (r: MatchRecord): string[] => [...new Set([r.package.name, sourceName(r.package)])];

/**
 * The source package's name. One the report leaves unnamed is the package itself, as dpkg omits
 * `Source:` when the names are equal (claircore's reports hold such packages).
 */
const sourceName = (pkg: WirePackage): string =>
  pkg.source === undefined || pkg.source.name === '' ? pkg.name : pkg.source.name;

/** Rows filed under the package's name as a binary, or under its source package's as a source. */
function candidatesFor(record: MatchRecord, byName: ReadonlyMap<string, Candidate[]>): Candidate[] {
  const pkg = record.package;
  const kind = (c: Candidate) => c.vuln.package.kind ?? '';
  const own = (byName.get(pkg.name) ?? []).filter((c) => kind(c) === pkg.kind);
  const bySource = (byName.get(sourceName(pkg)) ?? []).filter((c) => kind(c) === 'source');
  return [...own, ...bySource.filter((c) => !own.includes(c))];
}
