// Red Hat container image tags (`v4.13.0-202305262054`, `1.3-100`), as claircore's rhctag:
// major and minor select the image's minor stream; whole tags are compared with rpm's order.
import { InvalidInputError } from '../errors.ts';
import type { NormalizedVersion, VersionRange } from '../updater/types.ts';

export type RhcTag = { readonly major: number; readonly minor: number };

const INT32_MAX = 2 ** 31 - 1;

/** Major and minor of a tag: a leading `v` dropped, cut at the first `-`; no minor is 0. */
export function parseRhcTag(tag: string): RhcTag {
  const head = tag.replace(/^v/, '').split('-')[0] ?? '';
  const match = /^(\d+)(?:\.(\d+))?/.exec(head);
  if (match === null) throw new InvalidInputError(`container tag ${JSON.stringify(tag)}: no major version`);
  const major = Number(match[1]);
  const minor = match[2] === undefined ? 0 : Number(match[2]);
  if (major > INT32_MAX || minor > INT32_MAX) {
    throw new InvalidInputError(`container tag ${JSON.stringify(tag)}: version out of range`);
  }
  return { major, minor };
}

/** The normalised version of a tag's stream: [major, minor, 0, …]. */
export function rhcTagVersion(tag: RhcTag): NormalizedVersion {
  return [tag.major, tag.minor, 0, 0, 0, 0, 0, 0, 0, 0];
}

/** Every version of the tag's minor stream: [major.minor.0, major.minor.MaxInt32). */
export function rhcTagStream(tag: RhcTag): VersionRange {
  return {
    kind: 'rhctag',
    lower: rhcTagVersion(tag),
    upper: [tag.major, tag.minor, INT32_MAX, 0, 0, 0, 0, 0, 0, 0],
  };
}
