// The query strings claircore keeps structured data in: a package's repository hint
// (`hash=…&key=…&repoid=…`) and a Red Hat repository's URI (`repoid=…`), written as Go's
// url.Values.Encode writes them (keys sorted, QueryEscape), so stored values compare equal.

/** Go's url.QueryEscape: everything but letters, digits and `-_.~` is %-escaped, a space is `+`. */
export const queryEscape = (text: string): string =>
  encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

/** The first `repoid` in a query string, or "" when it has none. */
export const repoidOf = (query: string): string => new URLSearchParams(query).get('repoid') ?? '';

/** The query string with `repoid=<id>` added: keys sorted, each key's repoids sorted and unique. */
export function withRepoid(query: string, repoid: string): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(query)) values.set(key, [...(values.get(key) ?? []), value]);
  values.set('repoid', [...new Set([...(values.get('repoid') ?? []), repoid])].sort());
  return [...values.keys()]
    .sort()
    .flatMap((key) => (values.get(key) ?? []).map((v) => `${queryEscape(key)}=${queryEscape(v)}`))
    .join('&');
}
