// The version rule of the python, java-maven and ruby-gem matchers: FixedInVersion is the query
// string queryRanges writes (introduced, fixed, lastAffected), read as claircore reads it: an
// empty value counts as absent, and the installed version is read only when a bound needs it.

/** Whether installed lies in the interval; parse throws on an unreadable version. */
export function inQueryRange<V>(
  installed: string,
  fixedInVersion: string,
  parse: (text: string) => V,
  compare: (a: V, b: V) => number,
): boolean {
  const query = new URLSearchParams(fixedInVersion);
  const bound = (key: string): V | undefined => {
    const value = query.get(key);
    return value === null || value === '' ? undefined : parse(value);
  };
  let version: V | undefined;
  const cmp = (other: V): number => {
    version ??= parse(installed);
    return compare(version, other);
  };
  const introduced = bound('introduced');
  if (introduced !== undefined && cmp(introduced) < 0) return false;
  const fixed = bound('fixed');
  if (fixed !== undefined) return cmp(fixed) < 0;
  const lastAffected = bound('lastAffected');
  if (lastAffected !== undefined) return cmp(lastAffected) <= 0;
  return true;
}
