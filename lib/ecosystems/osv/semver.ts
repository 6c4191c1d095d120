// Semantic versions as OSV SEMVER ranges give them, read as leniently as claircore's library
// (Masterminds/semver v1): a `v` prefix and missing minor or patch numbers are accepted.
import type { NormalizedVersion } from '../../updater/types.ts';

export type Semver = {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: string;
};

const IDENTIFIERS = String.raw`[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*`;
const SEMVER = new RegExp(
  String.raw`^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-(${IDENTIFIERS}))?(?:\+${IDENTIFIERS})?$`,
);

// Normalised versions are PostgreSQL integer arrays.
const INT32_MAX = 2 ** 31 - 1;

/** The version, or undefined when it is not one (or a number does not fit 32 bits). */
export function parseSemver(text: string): Semver | undefined {
  const match = SEMVER.exec(text);
  if (match === null) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map((n) => Number(n ?? '0'));
  if (![major, minor, patch].every((n) => n !== undefined && n <= INT32_MAX)) return undefined;
  return { major: major ?? 0, minor: minor ?? 0, patch: patch ?? 0, prerelease: match[4] ?? '' };
}

/**
 * The version just after: the next patch, or for a prerelease the release itself (1.2.3-rc1 ->
 * 1.2.3), as Masterminds' IncPatch gives it.
 */
export function nextPatch(v: Semver): Semver | undefined {
  if (v.prerelease !== '') return { ...v, prerelease: '' };
  return v.patch < INT32_MAX ? { ...v, patch: v.patch + 1, prerelease: '' } : undefined;
}

/** claircore's FromSemver: [0, major, minor, patch, 0, 0, 0, 0, 0, 0]; the prerelease is dropped. */
export function normalizeSemver(v: Semver): NormalizedVersion {
  return [0, v.major, v.minor, v.patch, 0, 0, 0, 0, 0, 0];
}
