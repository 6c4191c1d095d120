// The version rule of the python, java-maven and ruby-gem matchers: FixedInVersion is the query
// string queryRanges writes (introduced, fixed, lastAffected), read as claircore reads it.

/** Whether installed lies in the interval; parse throws on an unreadable version. */
export function inQueryRange<V>(
  installed: V,
  fixedInVersion: string,
  parse: (text: string) => V,
  compare: (a: V, b: V) => number,
): boolean {
  if (fixedInVersion === '') return true;
  const query = new URLSearchParams(fixedInVersion);
  const introduced = query.get('introduced');
  if (introduced !== null && compare(installed, parse(introduced)) < 0) return false;
  const fixed = query.get('fixed');
  if (fixed !== null) return compare(installed, parse(fixed)) < 0;
  const lastAffected = query.get('lastAffected');
  if (lastAffected !== null) return compare(installed, parse(lastAffected)) <= 0;
  return true;
}
