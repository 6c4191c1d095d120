// RPM versions: rpmvercmp on raw segments, and NEVRA/EVR strings parsed and ordered as claircore does.
// Source of truth: claircore-engine.md §5.2; rpmvercmp follows rpm's rpmio/rpmvercmp.c (see below).

import { InvalidInputError } from '../errors.ts';

export type RpmVersion = {
  readonly name: string | undefined;
  readonly epoch: string;
  readonly version: string;
  readonly release: string;
  readonly arch: string | undefined;
};

/** Only these suffixes are taken as the architecture; anything else stays in the release. */
const ARCHITECTURES = new Set(['aarch64', 'i686', 'noarch', 'ppc64le', 'riscv', 's390x', 'src', 'x86_64']);

/** Parses `name-[epoch:]version-release[.arch]`, or an EVR `[epoch:]version-release`. */
export function parseRpmVersion(text: string): RpmVersion {
  const parts = text.split('-');
  const release = parts.pop();
  const evr = parts.pop();
  if (release === undefined || evr === undefined) {
    throw new InvalidInputError(`rpm version ${JSON.stringify(text)}: no "-" between version and release`);
  }
  const name = parts.length > 0 ? parts.join('-') : undefined;
  const colon = evr.indexOf(':');
  const epoch = colon > 0 ? evr.slice(0, colon) : '0';
  const version = evr.slice(colon + 1);
  const dot = release.lastIndexOf('.');
  const arch = dot === -1 ? undefined : release.slice(dot + 1);
  if (arch !== undefined && ARCHITECTURES.has(arch)) {
    return { name, epoch, version, release: release.slice(0, dot), arch };
  }
  return { name, epoch, version, release, arch: undefined };
}

/** Name, epoch, version, release, then architecture; a missing name or architecture sorts first. */
export function compareRpmVersions(a: RpmVersion, b: RpmVersion): number {
  return (
    compareOptional(a.name, b.name) ||
    rpmvercmp(a.epoch, b.epoch) ||
    rpmvercmp(a.version, b.version) ||
    rpmvercmp(a.release, b.release) ||
    compareOptional(a.arch, b.arch)
  );
}

/** `[epoch:]version-release`, the epoch left out when it is "0". */
export function rpmEvr(v: RpmVersion): string {
  return `${v.epoch === '0' ? '' : `${v.epoch}:`}${v.version}-${v.release}`;
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return rpmvercmp(a, b);
}

/**
 * rpm's rpmvercmp: -1, 0 or 1. Unlike claircore's Go port, it looks for separators, `~` and `^` again
 * after a `~~` or `^^` pair, as rpm does (so `1~.1` equals `1~1`, where the port says older).
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j++;
    const ca = a[i];
    const cb = b[j];
    // A tilde sorts before everything, even the end of the string.
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // A caret sorts after the end of the string but before anything else.
    if (ca === '^' || cb === '^') {
      if (ca === undefined) return -1;
      if (cb === undefined) return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === undefined || cb === undefined) break;
    const numeric = isDigit(a.charCodeAt(i));
    const inSegment = numeric ? isDigit : isLetter;
    const endA = segmentEnd(a, i, inSegment);
    const endB = segmentEnd(b, j, inSegment);
    // A numeric segment is newer than an alphabetic one.
    if (endB === j) return numeric ? 1 : -1;
    const sa = a.slice(i, endA);
    const sb = b.slice(j, endB);
    const order = numeric ? compareDigits(sa, sb) : compareText(sa, sb);
    if (order !== 0) return order;
    i = endA;
    j = endB;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Compares digit strings of any length as integers. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return compareText(x, y);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function segmentEnd(s: string, from: number, inSegment: (c: number) => boolean): number {
  let at = from;
  while (at < s.length && inSegment(s.charCodeAt(at))) at++;
  return at;
}

function isSeparator(c: number): boolean {
  return !isDigit(c) && !isLetter(c) && c !== 0x7e && c !== 0x5e;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
