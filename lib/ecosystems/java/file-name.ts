// The name and version in a jar's file name, as claircore's checkName matches
// `([[:graph:]]+)-([[:digit:]][-.[:alnum:]]*(?:-SNAPSHOT)?)\.jar` (leftmost, greedy), found in one
// pass each way instead of by a backtracking regex, which takes cubic time on names like `a-1-1-1…`.
import type { Coordinates } from './manifest.ts';

// A file name is at most 255 bytes on every file system that matters; a longer one is not real.
const MAX_NAME_BYTES = 255;
const JAR = '.jar';

const isGraph = (c: string | undefined): boolean => c !== undefined && c >= '!' && c <= '~';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isVersionChar = (c: string | undefined): boolean =>
  isDigit(c) ||
  c === '-' ||
  c === '.' ||
  (c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));

/**
 * The `name-version.jar` in a base name, matched as claircore's regex: in the first run of
 * printable ASCII that holds a match, the name runs to the last `-` that a digit follows and
 * from which the version characters reach a `.jar`; the version ends at the last such `.jar`.
 * (`-SNAPSHOT` is made of version characters, so the regex's optional group changes nothing.)
 */
export function fileNameCoordinates(base: string): Coordinates | undefined {
  if (Buffer.byteLength(base) > MAX_NAME_BYTES) return undefined;
  // versionEnd[i]: where a version starting at i ends (the last `.jar` after i within the run of
  // version characters holding i), or -1.
  const versionEnd = new Array<number>(base.length).fill(-1);
  let lastJar = -1;
  for (let i = base.length - 1; i >= 0; i--) {
    if (!isVersionChar(base[i])) {
      lastJar = -1;
      continue;
    }
    if (lastJar === -1 && base.startsWith(JAR, i)) lastJar = i;
    if (lastJar > i) versionEnd[i] = lastJar;
  }
  let runStart = 0;
  let dash = -1;
  for (let i = 0; i <= base.length; i++) {
    if (isGraph(base[i])) {
      if (i > runStart && base[i] === '-' && isDigit(base[i + 1]) && (versionEnd[i + 1] ?? -1) !== -1)
        dash = i;
      continue;
    }
    if (dash !== -1) {
      return { name: base.slice(runStart, dash), version: base.slice(dash + 1, versionEnd[dash + 1]) };
    }
    runStart = i + 1;
  }
  return undefined;
}
