// OSV range events -> what a vulnerability row carries: a normalised `range` for SEMVER ranges,
// a query-string FixedInVersion for the ecosystems whose matchers read one (Maven, PyPI,
// RubyGems), else the fixed version. claircore-engine.md section 6.2 (OSV) and section 5.5.
import type { NormalizedVersion, VersionRange } from '../../updater/types.ts';
import { nextPatch, normalizeSemver, parseSemver } from '../../versions/semver.ts';
import type { RangeEvent } from './advisory.ts';

export type EncodedRange = { readonly fixedInVersion: string; readonly range: VersionRange | undefined };

/** One affected interval: where it was introduced and the events that close it, in order. */
type Segment = { readonly introduced: string | undefined; readonly closes: readonly RangeEvent[] };

const UNBOUNDED_BELOW: NormalizedVersion = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const UNBOUNDED_ABOVE: NormalizedVersion = [65535, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/**
 * Splits events as claircore does: every `introduced` after the first starts a new interval; each
 * closing event (fixed, last_affected, limit) yields the interval so far; an `introduced` that is
 * the last event yields an interval open above.
 */
function segments(events: readonly RangeEvent[]): Segment[] {
  const out: Segment[] = [];
  let introduced: string | undefined;
  let closes: RangeEvent[] = [];
  let seen = false;
  events.forEach((event, i) => {
    if (event.kind === 'introduced') {
      if (seen) closes = [];
      seen = true;
      introduced = event.version;
      if (i === events.length - 1) out.push({ introduced, closes });
      return;
    }
    closes = [...closes, event];
    out.push({ introduced, closes });
  });
  return out;
}

/**
 * SEMVER: [introduced, fixed) of normalised versions. "0" or an unreadable introduced version is
 * unbounded below; last_affected closes at the next patch; no usable upper bound is 65535.
 * FixedInVersion is the fixed event's text. An inverted interval is dropped.
 */
export function semverRanges(events: readonly RangeEvent[]): EncodedRange[] {
  return segments(events).flatMap((segment) => {
    const introduced = segment.introduced === undefined ? undefined : parseSemver(segment.introduced);
    const lower = introduced === undefined ? UNBOUNDED_BELOW : normalizeSemver(introduced);
    let upper: NormalizedVersion | undefined;
    let fixedInVersion = '';
    for (const event of segment.closes) {
      const v = parseSemver(event.version);
      if (event.kind === 'fixed' && v !== undefined) {
        upper = normalizeSemver(v);
        fixedInVersion = event.version;
      } else if (event.kind === 'last_affected' && v !== undefined) {
        const next = nextPatch(v);
        upper = next === undefined ? upper : normalizeSemver(next);
      } else if (event.kind === 'limit' && event.version === '*') {
        upper = UNBOUNDED_ABOVE;
      }
    }
    const range = { kind: 'semver', lower, upper: upper ?? UNBOUNDED_ABOVE };
    return compareVersions(range.lower, range.upper) > 0 ? [] : [{ fixedInVersion, range }];
  });
}

/**
 * ECOSYSTEM ranges of Maven, PyPI and RubyGems: FixedInVersion is a query string with keys sorted,
 * as Go's url.Values encodes it (`fixed=2.0&introduced=1.0`); an introduced "0" is left out, so an
 * interval open on both sides has FixedInVersion "".
 */
export function queryRanges(events: readonly RangeEvent[]): EncodedRange[] {
  return segments(events).map((segment) => {
    const values: [string, string][] = [];
    if (segment.introduced !== undefined && segment.introduced !== '0')
      values.push(['introduced', segment.introduced]);
    for (const event of segment.closes) {
      if (event.kind === 'fixed') values.push(['fixed', event.version]);
      if (event.kind === 'last_affected') values.push(['lastAffected', event.version]);
    }
    return { fixedInVersion: encodeQuery(values), range: undefined };
  });
}

/** ECOSYSTEM ranges of any other ecosystem: FixedInVersion is the fixed version ("" if none). */
export function fixedRanges(events: readonly RangeEvent[]): EncodedRange[] {
  return segments(events).map((segment) => ({
    fixedInVersion: segment.closes.findLast((e) => e.kind === 'fixed')?.version ?? '',
    range: undefined,
  }));
}

export function compareVersions(a: NormalizedVersion, b: NormalizedVersion): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

// Go's url.Values.Encode: keys sorted (stable for repeated keys), each part QueryEscape'd.
function encodeQuery(values: readonly [string, string][]): string {
  return values
    .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${queryEscape(k)}=${queryEscape(v)}`)
    .join('&');
}

// Go's url.QueryEscape leaves only letters, digits and -_.~ as they are, and writes a space as +.
function queryEscape(text: string): string {
  return encodeURIComponent(text.toWellFormed())
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
