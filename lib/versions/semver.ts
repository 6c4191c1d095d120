// Semantic versions as OSV SEMVER ranges give them, read as leniently as claircore's library
// (Masterminds/semver v1): a `v` prefix and missing minor or patch numbers are accepted. Ordering is
// SemVer 2.0 precedence (semver.org section 11), checked against npm's `semver` package.
import type { NormalizedVersion } from '../updater/types.ts';

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

/** SemVer 2.0 precedence: major, minor, patch, then the prerelease; build metadata is ignored. */
export function compareSemver(a: Semver, b: Semver): number {
  return (
    Math.sign(a.major - b.major) ||
    Math.sign(a.minor - b.minor) ||
    Math.sign(a.patch - b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

const NUMERIC = /^[0-9]+$/;

/**
 * Orders dot-separated prerelease identifiers ("" is no prerelease, the highest): numeric ones
 * compare as numbers of any length and sort below alphanumeric ones, which compare in ASCII order;
 * a shorter list that is a prefix of a longer one sorts first.
 */
export function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compareIdentifier(left[i] ?? '', right[i] ?? '');
    if (order !== 0) return order;
  }
  return Math.sign(left.length - right.length);
}

function compareIdentifier(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return compareBig(BigInt(a), BigInt(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
