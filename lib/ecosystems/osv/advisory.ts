// The OSV advisory as clairless reads it (https://ossf.github.io/osv-schema/), and its one parser.
// Fields clairless does not use (modified, credits, versions, ...) are not checked; those it uses
// must have their schema type, or the whole feed is refused, as claircore's JSON decoding does.
import { InvalidInputError } from '../../errors.ts';

export type RangeEvent = {
  readonly kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  readonly version: string;
};

export type AffectedRange = { readonly type: string; readonly events: readonly RangeEvent[] };

export type Affected = {
  readonly package: { readonly ecosystem: string; readonly name: string; readonly purl: string };
  readonly ranges: readonly AffectedRange[];
};

export type Advisory = {
  readonly id: string;
  /** RFC 3339; undefined when absent or Go's zero time. */
  readonly published: string | undefined;
  readonly withdrawn: string | undefined;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly details: string;
  readonly severity: readonly { readonly type: string; readonly score: string }[];
  readonly affected: readonly Affected[];
  /** The reference URLs, in order. */
  readonly references: readonly string[];
  /** `database_specific.severity` when it is a string (GitHub's "HIGH", "MODERATE", ...). */
  readonly databaseSeverity: string | undefined;
};

type Obj = Readonly<Record<string, unknown>>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?Z$/;
const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

/** Narrows one zip entry's JSON to an Advisory, or throws naming the entry and field. */
export function parseAdvisory(value: unknown, entry: string): Advisory {
  const r = reader(entry);
  const a = r.object(value, 'advisory');
  const database = a.database_specific;
  const severity = typeof database === 'object' && database !== null ? (database as Obj).severity : undefined;
  return {
    id: r.string(a, 'id', ''),
    published: r.time(a, 'published'),
    withdrawn: r.time(a, 'withdrawn'),
    aliases: r.list(a, 'aliases', '', (v, at) => (typeof v === 'string' ? v : r.fail(at, 'a string', v))),
    summary: r.string(a, 'summary', ''),
    details: r.string(a, 'details', ''),
    severity: r.list(a, 'severity', '', (v, at) => {
      const o = r.object(v, at);
      return { type: r.string(o, 'type', `${at}.`), score: r.string(o, 'score', `${at}.`) };
    }),
    affected: r.list(a, 'affected', '', (v, at) => parseAffected(r, v, at)),
    references: r
      .list(a, 'references', '', (v, at) => r.string(r.object(v, at), 'url', `${at}.`))
      .filter((url) => url !== ''),
    databaseSeverity: typeof severity === 'string' ? severity : undefined,
  };
}

type Reader = ReturnType<typeof reader>;

function parseAffected(r: Reader, v: unknown, at: string): Affected {
  const o = r.object(v, at);
  const p = r.object(o.package ?? {}, `${at}.package`);
  const pkg = {
    ecosystem: r.string(p, 'ecosystem', `${at}.package.`),
    name: r.string(p, 'name', `${at}.package.`),
    purl: r.string(p, 'purl', `${at}.package.`),
  };
  return { package: pkg, ranges: r.list(o, 'ranges', `${at}.`, (x, i) => parseRange(r, x, i)) };
}

function parseRange(r: Reader, v: unknown, at: string): AffectedRange {
  const o = r.object(v, at);
  const events = r.list(o, 'events', `${at}.`, (x, i) => parseEvent(r, x, i));
  return { type: r.string(o, 'type', `${at}.`), events: events.filter((e) => e !== undefined) };
}

// An event names one version; claircore's decoder takes the first of these keys that is set.
function parseEvent(r: Reader, v: unknown, at: string): RangeEvent | undefined {
  const o = r.object(v, at);
  const kind = EVENT_KINDS.find((k) => r.string(o, k, `${at}.`) !== '');
  return kind === undefined ? undefined : { kind, version: r.string(o, kind, `${at}.`) };
}

/** Typed reads of JSON values; an absent or null field reads as empty, as Go decodes it. */
function reader(entry: string) {
  const fail = (path: string, want: string, got: unknown): never => {
    throw new InvalidInputError(
      `osv entry ${JSON.stringify(entry)}: ${path}: want ${want}, got ${show(got)}`,
    );
  };
  const object = (v: unknown, path: string): Obj =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : fail(path, 'an object', v);
  const string = (o: Obj, key: string, path: string): string => {
    const v = o[key] ?? '';
    return typeof v === 'string' ? v : fail(`${path}${key}`, 'a string', v);
  };
  const list = <T>(o: Obj, key: string, path: string, item: (v: unknown, at: string) => T): T[] => {
    const v = o[key] ?? [];
    if (!Array.isArray(v)) return fail(`${path}${key}`, 'a list', v);
    return v.map((x, i) => item(x, `${path}${key}[${i}]`));
  };
  const time = (o: Obj, key: string): string | undefined => {
    const v = string(o, key, '');
    if (v === '') return undefined;
    if (!RFC3339.test(v) || Number.isNaN(Date.parse(v))) fail(key, 'an RFC 3339 time', v);
    return ZERO_TIME.test(v) ? undefined : v;
  };
  return { fail, object, string, list, time };
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
