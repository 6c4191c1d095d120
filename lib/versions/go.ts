// Go module versions as golang.org/x/mod/semver orders them (https://go.dev/ref/mod#versions).
// Pseudo-versions are prereleases, so v1.2.4-0.20230101120000-abcdef123456 sorts below v1.2.4
// (claircore-engine.md section 5.8 equates them). OSV Go advisories drop the `v`, so it is optional.
import { InvalidInputError } from '../errors.ts';
import { comparePrerelease } from './semver.ts';

export type GoVersion = {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** Dot-separated identifiers without the leading "-"; "" for a release. */
  readonly prerelease: string;
  /** Ignored by comparison, like `+incompatible`. */
  readonly build: string;
};

const NUMBER = '0|[1-9][0-9]*';
const PRERELEASE = `(?:${NUMBER}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const BUILD = '[0-9A-Za-z-]+';
// v1 and v1.2 are shorthands for v1.0.0 and v1.2.0 and take no prerelease or build.
const VERSION = new RegExp(
  `^v?(${NUMBER})(?:\\.(${NUMBER})(?:\\.(${NUMBER})(?:-(${PRERELEASE}(?:\\.${PRERELEASE})*))?(?:\\+(${BUILD}(?:\\.${BUILD})*))?)?)?$`,
);
// golang.org/x/mod/module's pseudoVersionRE.
const PSEUDO =
  /^v[0-9]+\.(?:0\.0-|[0-9]+\.[0-9]+-(?:[^+]*\.)?0\.)[0-9]{14}-[A-Za-z0-9]+(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseGoVersion(text: string): GoVersion {
  const match = VERSION.exec(text);
  if (match === null) {
    throw new InvalidInputError(
      `Go version ${JSON.stringify(text)}: want vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]] without leading zeros`,
    );
  }
  const [, major = '0', minor = '0', patch = '0', prerelease = '', build = ''] = match;
  return { major: BigInt(major), minor: BigInt(minor), patch: BigInt(patch), prerelease, build };
}

/** semver.Compare: major, minor, patch, then the prerelease (a release sorts above its prereleases). */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return (
    compareBig(a.major, b.major) ||
    compareBig(a.minor, b.minor) ||
    compareBig(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

/** module.IsPseudoVersion: a valid version of the form vX.0.0-yyyymmddhhmmss-rev, vX.Y.Z-0.yyyy…-rev or vX.Y.Z-pre.0.yyyy…-rev. */
export function isGoPseudoVersion(text: string): boolean {
  const version = text.startsWith('v') ? text : `v${text}`;
  return VERSION.test(version) && PSEUDO.test(version);
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
