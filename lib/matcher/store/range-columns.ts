import type { NormalizedVersion, VersionRange } from '../../updater/types.ts';

/** The columns rangeFromRow reads, for a select list over matcher.vuln aliased `v`. */
export const RANGE_COLUMNS =
  'v.version_kind, lower(v.vulnerable_range) AS range_lower, upper(v.vulnerable_range) AS range_upper';

const ZERO: NormalizedVersion = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/**
 * A row's normalised range. PostgreSQL stores [x, x) as empty, which is what a fix at a Go
 * pseudo-version of 0.0.0 normalises to: such a range reads as [0, 0), so the fixed version
 * alone decides. Undefined when the row has no range kind.
 */
export function rangeFromRow(row: Record<string, unknown>): VersionRange | undefined {
  if (typeof row.version_kind !== 'string' || row.version_kind === '') return undefined;
  const bound = (v: unknown): NormalizedVersion => (Array.isArray(v) ? v : ZERO);
  return { kind: row.version_kind, lower: bound(row.range_lower), upper: bound(row.range_upper) };
}
