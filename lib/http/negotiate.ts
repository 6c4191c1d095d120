import { InvalidInputError } from '../errors.ts';
import { UnsupportedMediaTypeError } from './errors.ts';

type AcceptEntry = { readonly type: string; readonly subtype: string; readonly q: number };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses an Accept header into entries sorted by preference (stable for equal q). */
export function parseAccept(header: string): AcceptEntry[] {
  const entries: AcceptEntry[] = [];
  for (const raw of header.split(',')) {
    if (raw.trim() === '') continue;
    const [range = '', ...params] = raw.split(';').map((p) => p.trim());
    const [type = '', subtype = '', extra] = range.toLowerCase().split('/');
    if (
      !TOKEN.test(type) ||
      !TOKEN.test(subtype) ||
      extra !== undefined ||
      (type === '*' && subtype !== '*')
    ) {
      throw new InvalidInputError(
        `malformed Accept header: ${JSON.stringify(raw.trim())} is not a media range`,
      );
    }
    let q = 1;
    for (const param of params) {
      const [name = '', value = ''] = param.split('=').map((s) => s.trim());
      if (name.toLowerCase() !== 'q') continue;
      q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : Number.NaN;
      if (Number.isNaN(q))
        throw new InvalidInputError(`malformed Accept header: q=${value} is not between 0 and 1`);
    }
    entries.push({ type, subtype, q });
  }
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.q - a.e.q || a.i - b.i)
    .map(({ e }) => e);
}

const matches = (entry: AcceptEntry, candidate: string): boolean => {
  const [type, subtype] = candidate.split('/');
  return (entry.type === '*' || entry.type === type) && (entry.subtype === '*' || entry.subtype === subtype);
};

const specificity = (entry: AcceptEntry): number => (entry.type === '*' ? 0 : entry.subtype === '*' ? 1 : 2);

/**
 * The media type to answer with: the client's most preferred entry that matches one of the
 * types this resource offers (checked in the server's order). A type whose most specific
 * matching entry has q=0 is refused, even if a wildcard also matches it. No Accept header: the
 * first offered.
 */
export function negotiate(accept: string | undefined, offered: readonly string[]): string {
  const [first] = offered;
  if (first === undefined) throw new Error('negotiate: no media types offered');
  if (accept === undefined || accept.trim() === '') return first;
  const entries = parseAccept(accept);
  const refused = (candidate: string): boolean => {
    const ranges = entries.filter((e) => matches(e, candidate));
    const best = Math.max(...ranges.map(specificity));
    return ranges.some((e) => specificity(e) === best && e.q === 0);
  };
  for (const entry of entries) {
    if (entry.q === 0) continue;
    const match = offered.find((candidate) => matches(entry, candidate) && !refused(candidate));
    if (match !== undefined) return match;
  }
  throw new UnsupportedMediaTypeError(
    `no acceptable media type for Accept ${JSON.stringify(accept)}: this resource is available as ${offered.join(', ')}`,
  );
}
