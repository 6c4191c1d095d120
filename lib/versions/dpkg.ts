// Debian package versions ([epoch:]upstream[-revision]): parsing, validation and dpkg's ordering.
// Source of truth: claircore-engine.md §5.1 (go-deb-version's rules); the ordering is dpkg's verrevcmp.

import { boundedCache } from '../bounded-cache.ts';
import { InvalidInputError } from '../errors.ts';

export type DpkgVersion = { readonly epoch: number; readonly upstream: string; readonly revision: string };

const EPOCH = /^[+-]?[0-9]+$/;
/** dpkg stores the epoch in an int and rejects larger ones; the limit also keeps it exact in a number. */
const MAX_EPOCH = 2 ** 31 - 1;
const UPSTREAM = /^[0-9A-Za-z.+~:_-]*$/;
const REVISION = /^[0-9A-Za-z.+~_]*$/;

export function parseDpkgVersion(text: string): DpkgVersion {
  const invalid = (problem: string) =>
    new InvalidInputError(`dpkg version ${JSON.stringify(text)}: ${problem}`);
  let rest = text.trim();
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const digits = rest.slice(0, colon);
    if (!EPOCH.test(digits)) throw invalid('epoch must be a non-negative integer');
    epoch = Number(digits);
    if (epoch < 0) throw invalid('epoch must be a non-negative integer');
    if (epoch > MAX_EPOCH) throw invalid(`epoch must be at most ${MAX_EPOCH}`);
    // Number('-0') is -0; keep the epoch a plain 0.
    if (epoch === 0) epoch = 0;
    rest = rest.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? '' : rest.slice(hyphen + 1);
  if (upstream === '') throw invalid('upstream version is empty');
  if (!isDigit(upstream.charCodeAt(0))) throw invalid('upstream version must start with a digit');
  if (!UPSTREAM.test(upstream)) {
    throw invalid('upstream version may contain only letters, digits and the characters .+~:_-');
  }
  if (!REVISION.test(revision))
    throw invalid('revision may contain only letters, digits and the characters .+~_');
  return { epoch, upstream, revision };
}

// A report compares each installed version with dozens of fixed versions, and the same fixed
// versions recur across packages: parsed versions are kept, up to a bound.
const parsed = boundedCache<string, DpkgVersion>(50_000);

function parseKept(text: string): DpkgVersion {
  let v = parsed.get(text);
  if (v === undefined) {
    v = parseDpkgVersion(text);
    parsed.set(text, v);
  }
  return v;
}

/** -1, 0 or 1 as `a` sorts before, with or after `b`. */
export function compareDpkgVersions(a: string, b: string): number {
  const x = parseKept(a);
  const y = parseKept(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  return verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}

/** Alternating non-digit runs (by weight) and digit runs (as integers of any length), as dpkg does. */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const diff = weight(a, i) - weight(b, j);
      if (diff !== 0) return Math.sign(diff);
      i++;
      j++;
    }
    while (a.charCodeAt(i) === ZERO) i++;
    while (b.charCodeAt(j) === ZERO) j++;
    let firstDiff = 0;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return Math.sign(firstDiff);
  }
  return 0;
}

const ZERO = 0x30;
const TILDE = 0x7e;

/** `~` before the end (and digits) before letters before everything else. */
function weight(s: string, at: number): number {
  if (at >= s.length) return 0;
  const c = s.charCodeAt(at);
  if (isDigit(c)) return 0;
  if (isLetter(c)) return c;
  if (c === TILDE) return -1;
  return c + 256;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= 0x39;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
