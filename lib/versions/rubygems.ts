// RubyGems versions as Gem::Version (RubyGems 3.3) reads and orders them. claircore's ruby/version.go
// (claircore-engine.md section 5.7) differs on letters inside a segment: it keeps `0a1` whole where
// RubyGems splits it into 0, "a", 1; we follow RubyGems.
import { InvalidInputError } from '../errors.ts';

export type GemVersion = {
  /** Gem::Version#canonical_segments: numbers and letter runs, trailing zeros dropped. */
  readonly segments: readonly (bigint | string)[];
};

// Gem::Version::ANCHORED_VERSION_PATTERN; Ruby's \s is ASCII whitespace only.
const VERSION =
  /^[\t\n\v\f\r ]*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?[\t\n\v\f\r ]*$/;

/** Blank text is version 0, as in RubyGems. */
export function parseGemVersion(text: string): GemVersion {
  const match = VERSION.exec(text);
  if (match === null) {
    throw new InvalidInputError(
      `RubyGems version ${JSON.stringify(text)}: want numbers and letters joined by "." or "-", starting with a number`,
    );
  }
  // Each "-" reads as ".pre.", so 1.0-rc1 is 1.0.pre.rc1.
  const parts = (match[1] ?? '0').replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? [];
  const segments = parts.map((part) => (/^[0-9]/.test(part) ? BigInt(part) : part));
  const firstString = segments.findIndex((s) => typeof s === 'string');
  if (firstString === -1) return { segments: trimZeros(segments) };
  return {
    segments: [...trimZeros(segments.slice(0, firstString)), ...trimZeros(segments.slice(firstString))],
  };
}

/** Segment by segment, padding with 0; letters sort below numbers and compare as ASCII. */
export function compareGemVersions(a: GemVersion, b: GemVersion): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const left = a.segments[i] ?? 0n;
    const right = b.segments[i] ?? 0n;
    if (left === right) continue;
    if (typeof left !== typeof right) return typeof left === 'string' ? -1 : 1;
    return left < right ? -1 : 1;
  }
  return 0;
}

function trimZeros(segments: readonly (bigint | string)[]): readonly (bigint | string)[] {
  let end = segments.length;
  while (end > 0 && segments[end - 1] === 0n) end--;
  return segments.slice(0, end);
}
