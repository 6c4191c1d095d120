// PyPI packages against OSV advisories, compared as PEP 440 versions (claircore-engine.md 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { comparePep440, parsePep440 } from '../../versions/pep440.ts';
import { inQueryRange } from '../osv/query-range.ts';

export const pythonMatcher: Matcher = {
  name: 'python',
  filter: (r) => (r.package.normalized_version ?? '').startsWith('pep440:'),
  query: ['repo_name'],
  vulnerable: (record, vuln) =>
    inQueryRange(record.package.version, vuln.fixed_in_version, parsePep440, comparePep440),
};
