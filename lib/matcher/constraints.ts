// What each constraint compares: the matcher.vuln column, and the value a record or an advisory
// holds for it (claircore-engine.md section 4.1).
import type { WireDistribution } from '../indexer/index-report.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';
import type { Constraint, MatchRecord } from './types.ts';

export type EqualityConstraint = Exclude<Constraint, 'has_fixed_in_version'>;

export type ConstraintValues = Readonly<Record<EqualityConstraint, string>>;

/** The indexer column holding the same value as each matcher.vuln column, for reverse lookups. */
export const INDEXER_COLUMN: ConstraintValues = {
  package_module: 'p.module',
  dist_id: 'd.did',
  dist_name: 'd.name',
  dist_version: 'd.version',
  dist_version_code_name: 'd.version_code_name',
  dist_version_id: 'd.version_id',
  dist_arch: 'd.arch',
  dist_cpe: 'd.cpe',
  dist_pretty_name: 'd.pretty_name',
  repo_name: 'r.name',
  repo_key: 'r.key',
};

export function isEquality(c: Constraint): c is EqualityConstraint {
  return c !== 'has_fixed_in_version';
}

/** A record's values; a missing distribution or repository reads as "". */
export function recordValues(record: MatchRecord): ConstraintValues {
  return {
    package_module: record.package.module ?? '',
    ...distValues(record.distribution),
    repo_name: record.repository?.name ?? '',
    repo_key: record.repository?.key ?? '',
  };
}

/** An advisory's values, as a reverse lookup compares them with indexed packages. */
export function vulnerabilityValues(vuln: WireVulnerability): ConstraintValues {
  return {
    package_module: vuln.package.module ?? '',
    ...distValues(vuln.distribution),
    repo_name: vuln.repository.name ?? '',
    repo_key: vuln.repository.key ?? '',
  };
}

function distValues(d: Omit<WireDistribution, 'id'> | undefined) {
  return {
    dist_id: d?.did ?? '',
    dist_name: d?.name ?? '',
    dist_version: d?.version ?? '',
    dist_version_code_name: d?.version_code_name ?? '',
    dist_version_id: d?.version_id ?? '',
    dist_arch: d?.arch ?? '',
    dist_cpe: d?.cpe ?? '',
    dist_pretty_name: d?.pretty_name ?? '',
  };
}
