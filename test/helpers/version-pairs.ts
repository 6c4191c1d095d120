// Random version strings for property and differential tests against real package tools. In a
// pair, the second is usually a small edit of the first, so comparisons run past the first difference.

import type { Random } from './prng.ts';

/** One entry of `list`; repeat an entry to make it likelier. */
export function pick<T>(r: Random, list: readonly T[]): T {
  return list[r.int(list.length)] as T;
}

/**
 * `count` pairs of versions: `make` builds a version as a list of pieces; the second of a pair is a
 * fresh one a quarter of the time and otherwise the first with one or two pieces after the first
 * replaced, inserted or removed (using `pieces`), or left as it is. The first piece is kept so that
 * a version's head (an epoch, a leading digit) survives the edits.
 */
export function versionPairs(
  r: Random,
  count: number,
  make: () => readonly string[],
  pieces: readonly string[],
): [string, string][] {
  const pairs: [string, string][] = [];
  for (let n = 0; n < count; n++) {
    const a = make();
    const b = r.int(4) === 0 ? make() : edit(r, edit(r, a, pieces), pieces);
    pairs.push([a.join(''), b.join('')]);
  }
  return pairs;
}

function edit(r: Random, parts: readonly string[], pieces: readonly string[]): string[] {
  const out = [...parts];
  const at = 1 + r.int(out.length);
  switch (r.int(4)) {
    case 0:
      out.splice(at, 1, pick(r, pieces));
      break;
    case 1:
      out.splice(at, 0, pick(r, pieces));
      break;
    case 2:
      out.splice(at, 1);
      break;
  }
  return out;
}

/** Up to `max` characters, mostly printable ASCII, now and then a control or non-ASCII one. */
export function randomText(r: Random, max: number): string {
  let text = '';
  for (let n = r.int(max + 1); n > 0; n--) {
    const kind = r.int(20);
    if (kind === 0) text += String.fromCharCode(r.int(0x20));
    else if (kind === 1) text += String.fromCodePoint(0x80 + r.int(0x3000));
    else text += String.fromCharCode(0x20 + r.int(95));
  }
  return text;
}
