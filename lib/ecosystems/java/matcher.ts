// Maven artifacts against OSV advisories, compared as Maven's ComparableVersion does
// (claircore-engine.md 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { compareMavenVersions } from '../../versions/maven.ts';
import { inQueryRange } from '../osv/query-range.ts';

export const javaMatcher: Matcher = {
  name: 'java-maven',
  filter: (r) => r.repository?.name === 'maven',
  query: ['repo_name'],
  vulnerable: (record, vuln) =>
    inQueryRange(record.package.version, vuln.fixed_in_version, (v) => v, compareMavenVersions),
};
