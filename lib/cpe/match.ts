// CPE name comparison (NISTIR 7696 section 6.2) and Red Hat's prefix convention for VEX CPEs.
import { type CpeValue, formatCpe, type Wfn } from './wfn.ts';

type Relation = 'superset' | 'subset' | 'equal' | 'disjoint' | 'invalid';

const wild = (v: CpeValue): boolean => v.kind === 'set' && /(^|[^\\])[*?]/.test(v.value);
const anyish = (v: CpeValue): v is Extract<CpeValue, { kind: 'any' | 'unset' }> =>
  v.kind === 'any' || v.kind === 'unset';

/** Whether a WFN value with `*` and `?` wildcards matches a plain one, case-insensitively. */
function patternMatches(pattern: string, value: string): boolean {
  const source = [...pattern.toLowerCase()]
    .map((c, i, all) => {
      if (all[i - 1] === '\\') return '';
      if (c === '\\') return (all[i + 1] ?? '').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      if (c === '*') return '.*';
      if (c === '?') return '.';
      return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    })
    .join('');
  // The value is in WFN form too: its escapes stand for the characters themselves.
  return new RegExp(`^${source}$`).test(value.replace(/\\(.)/g, '$1').toLowerCase());
}

function relation(source: CpeValue, target: CpeValue): Relation {
  if (wild(target)) return 'invalid';
  if (anyish(source)) return anyish(target) ? 'equal' : 'superset';
  if (source.kind === 'na') {
    if (anyish(target)) return 'subset';
    return target.kind === 'na' ? 'equal' : 'disjoint';
  }
  if (anyish(target)) return 'subset';
  if (target.kind !== 'set') return 'disjoint';
  if (wild(source)) return patternMatches(source.value, target.value) ? 'superset' : 'disjoint';
  return source.value.toLowerCase() === target.value.toLowerCase() ? 'equal' : 'disjoint';
}

/** Whether source names everything target names: each attribute equal or a superset. */
export function cpeIsSuperset(source: Wfn, target: Wfn): boolean {
  return source.every((v, i) => {
    const r = relation(v, target[i] as CpeValue);
    return r === 'equal' || r === 'superset';
  });
}

/**
 * Red Hat's VEX CPEs are prefixes, not match expressions: `cpe:/a:redhat:openshift:4` is meant
 * to cover `cpe:/a:redhat:openshift:4.13::el8`. Compared as formatted strings, trailing ANYs cut.
 */
export function cpeHasPrefix(record: Wfn, advisory: Wfn): boolean {
  return formatCpe(record).startsWith(formatCpe(advisory).replace(/[:*]+$/, ''));
}
