import type { KindedVersion } from '../../indexer/types.ts';

// claircore's gobin pattern: an optional `v`, up to three numbers, a prerelease and build metadata.
const SEMVER =
  /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * A module or toolchain version as claircore's gobin normalises it: kind `semver`, major, minor and
 * patch, each cut to its first 9 digits; the prerelease is dropped, so a pseudo-version
 * `v1.2.4-0.2023…` reads as 1.2.4. Undefined when the text is not of that form.
 */
export function goNormalizedVersion(text: string): KindedVersion | undefined {
  const m = SEMVER.exec(text);
  if (m === null) return undefined;
  const n = (digits: string | undefined): number => Number.parseInt((digits ?? '0').slice(0, 9), 10);
  return { kind: 'semver', v: [0, n(m[1]), n(m[2]), n(m[3]), 0, 0, 0, 0, 0, 0] };
}
