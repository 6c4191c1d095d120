// The matcher contract each ecosystem implements (claircore's driver.Matcher) and the records it
// sees. claircore-engine.md section 4.1.
import type { PluginConfig } from '../config/types.ts';
import type { WireDistribution, WirePackage, WireRepository } from '../indexer/index-report.ts';
import type { VersionRange } from '../updater/types.ts';
import type { WireVulnerability } from '../updater/wire-vulnerability.ts';

/** One image package in one place: a package with the distribution and repository it came from. */
export type MatchRecord = {
  readonly package: WirePackage;
  readonly distribution: WireDistribution | undefined;
  readonly repository: WireRepository | undefined;
};

/**
 * A column of matcher.vuln that must equal the record's value (claircore's MatchConstraint), or
 * `has_fixed_in_version`, which asks for a non-empty fixed version.
 */
export type Constraint =
  | 'package_module'
  | 'dist_id'
  | 'dist_name'
  | 'dist_version'
  | 'dist_version_code_name'
  | 'dist_version_id'
  | 'dist_arch'
  | 'dist_cpe'
  | 'dist_pretty_name'
  | 'repo_name'
  | 'repo_key'
  | 'has_fixed_in_version';

/** What a version rule reads of a vulnerability row: the advisory's package, place and fix. */
export type MatchableVulnerability = {
  readonly id: string;
  readonly name: string;
  readonly package: Pick<WireVulnerability['package'], 'name' | 'version' | 'kind' | 'arch' | 'module'>;
  readonly repository: Pick<WireVulnerability['repository'], 'name' | 'key' | 'uri'>;
  readonly fixed_in_version: string;
  readonly arch_op?: string;
};

export type Matcher = {
  /** claircore's name, as `matchers.names` lists it. */
  readonly name: string;
  /** Whether the matcher is interested in the record at all. */
  filter(record: MatchRecord): boolean;
  /** Equalities between the record and a vulnerability row, ANDed, that the database applies. */
  readonly query: readonly Constraint[];
  /**
   * Whether the candidate affects the record, given also the row's normalised range (never on the
   * wire); throws when a version is unreadable.
   */
  vulnerable(record: MatchRecord, vuln: MatchableVulnerability, range: VersionRange | undefined): boolean;
  /**
   * Present when the database is to keep only rows of the record's normalised version kind whose
   * range holds it (claircore's VersionFilter); `authoritative` takes those rows as matches without
   * asking `vulnerable`.
   */
  readonly versionFilter?: { readonly authoritative: boolean };
  /**
   * The matcher as its `matchers.config.<name>` settings make it, for a matcher that has any;
   * throws ConfigError naming a bad key.
   */
  configure?(config: PluginConfig): Matcher;
};
