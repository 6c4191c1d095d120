// The version rule of the gobin and nodejs matchers. claircore trusts the normalised range alone,
// which drops prereleases, so Go pseudo-version v1.2.4-0.2023… reads as 1.2.4 and escapes a fix
// in 1.2.4; here the fixed version itself decides the upper bound when the advisory gives one.
import { InvalidInputError } from '../../errors.ts';
import type { VersionRange } from '../../updater/types.ts';
import { normalizeSemver, parseSemver } from '../../versions/semver.ts';
import { compareVersions } from './ranges.ts';

/**
 * Whether installed lies in [range.lower, fixed) when a fixed version is known, else in the
 * normalised range; compare orders full versions, prereleases included.
 */
export function inSemverRange(
  installed: string,
  fixedInVersion: string,
  range: VersionRange | undefined,
  compare: (a: string, b: string) => number,
): boolean {
  if (range === undefined || range.kind !== 'semver') return false;
  const parsed = parseSemver(installed);
  if (parsed === undefined) throw new InvalidInputError(`version "${installed}" is not a semantic version`);
  const normalized = normalizeSemver(parsed);
  if (compareVersions(normalized, range.lower) < 0) return false;
  if (fixedInVersion !== '') return compare(installed, fixedInVersion) < 0;
  return compareVersions(normalized, range.upper) < 0;
}
