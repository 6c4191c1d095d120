// The Debian security tracker's JSON feed (https://security-tracker.debian.org/tracker/data/json):
// `{ "<source package>": { "<CVE or TEMP id>": { description, releases: { "<codename>": {...} } } } }`.
// The tracker drops empty fields, so every field below may be absent; fields we do not use
// (debianbug, scope, repositories, nodsa, nodsa_reason, next_point_update) are not kept.
import { InvalidInputError } from '../../errors.ts';
import { describeJson, isJsonObject, type JsonObject } from '../../json-value.ts';

/** One release's view of an issue. */
export type TrackerRelease = {
  /** resolved, open or undetermined; not used by the mapping (as in claircore). */
  readonly status?: string;
  /** Present once resolved; "0" means the release was never affected. */
  readonly fixed_version?: string;
  /** unimportant, low, medium, high, "not yet assigned", "end-of-life", or an NVD guess like "low**". */
  readonly urgency?: string;
};

/** One issue (CVE-… or TEMP-…) of one source package. */
export type TrackerIssue = {
  readonly description?: string;
  /** By codename, in document order; every codename the tracker knows, sid included. */
  readonly releases: Readonly<Record<string, TrackerRelease>>;
};

/** One issue as the feed lists it under its package. */
export type TrackerEntry = {
  readonly package: string;
  readonly id: string;
  readonly issue: TrackerIssue;
};

/**
 * An issue's JSON value narrowed to its wire type; anything else throws InvalidInputError
 * naming `where` and the field path.
 */
export function trackerIssue(value: unknown, where: string): TrackerIssue {
  const fail = (path: string, want: string, got: unknown): never => {
    throw new InvalidInputError(`${where}: ${path}: want ${want}, got ${describeJson(got)}`);
  };
  const text = (obj: JsonObject, field: string, path: string): string | undefined => {
    const got = obj[field];
    return got === undefined || typeof got === 'string' ? got : fail(`${path}${field}`, 'a string', got);
  };
  if (!isJsonObject(value)) return fail('issue', 'an object', value);
  const rawReleases = value.releases ?? {};
  if (!isJsonObject(rawReleases)) return fail('releases', 'an object', rawReleases);
  const releases = Object.entries(rawReleases).map(([codename, release]): [string, TrackerRelease] => {
    const path = `releases.${codename}.`;
    if (!isJsonObject(release)) return fail(`releases.${codename}`, 'an object', release);
    const status = text(release, 'status', path);
    const fixed = text(release, 'fixed_version', path);
    return [codename, { status, fixed_version: fixed, urgency: text(release, 'urgency', path) }];
  });
  // fromEntries, not assignment: a codename "__proto__" stays a key.
  return { description: text(value, 'description', ''), releases: Object.fromEntries(releases) };
}
