// RubyGems against OSV advisories, compared as Gem::Version does (claircore-engine.md 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { compareGemVersions, parseGemVersion } from '../../versions/rubygems.ts';
import { inQueryRange } from '../osv/query-range.ts';

export const rubyMatcher: Matcher = {
  name: 'ruby-gem',
  filter: (r) => r.repository?.name === 'rubygems',
  query: ['repo_name'],
  vulnerable: (record, vuln) =>
    inQueryRange(record.package.version, vuln.fixed_in_version, parseGemVersion, compareGemVersions),
};
