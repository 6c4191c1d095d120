// Red Hat container image tags (`v4.13.0-202305262054`, `1.3-100`), as claircore's rhctag:
// major and minor select the image's minor stream; whole tags are compared with rpm's order.
import { InvalidInputError } from '../errors.ts';
import type { NormalizedVersion, VersionRange } from '../updater/types.ts';

export type RhcTag = { readonly major: number; readonly minor: number };

const INT32_MAX = 2 ** 31 - 1;

/**
 * Major and minor of a tag as claircore reads them: a leading `v` dropped, cut at the first `-`,
 * then dot-separated integers; no major is an error, a missing or unreadable minor is 0.
 */
export function parseRhcTag(tag: string): RhcTag {
  const bare = tag.replace(/^v/, '');
  const dash = bare.indexOf('-');
  const canonical = dash > 0 ? bare.slice(0, dash) : bare;
  const [major, rest] = upToDot(canonical);
  if (major === undefined)
    throw new InvalidInputError(`container tag ${JSON.stringify(tag)}: no major version`);
  const [minor = 0] = upToDot(rest);
  if (major > INT32_MAX || minor > INT32_MAX) {
    throw new InvalidInputError(`container tag ${JSON.stringify(tag)}: version out of range`);
  }
  return { major, minor };
}

/** The integer before the first dot (or the whole text without one), and what follows the dot. */
function upToDot(text: string): [number | undefined, string] {
  const dot = text.indexOf('.');
  const head = dot > 0 ? text.slice(0, dot) : text;
  return [/^\d+$/.test(head) ? Number(head) : undefined, dot > 0 ? text.slice(dot + 1) : ''];
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
