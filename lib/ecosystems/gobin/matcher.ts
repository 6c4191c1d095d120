// Go modules found in binaries against OSV advisories; pseudo-versions order before the release
// they precede (lib/ecosystems/osv/semver-range.ts says why that differs from claircore).
import type { Matcher } from '../../matcher/types.ts';
import { compareGoVersions, parseGoVersion } from '../../versions/go.ts';
import { inSemverRange } from '../osv/semver-range.ts';

const compare = (a: string, b: string): number => compareGoVersions(parseGoVersion(a), parseGoVersion(b));

export const gobinMatcher: Matcher = {
  name: 'gobin',
  filter: (r) => r.repository?.uri === 'https://pkg.go.dev/',
  query: ['repo_name'],
  vulnerable: (record, vuln, range) =>
    inSemverRange(record.package.version, vuln.fixed_in_version, range, compare),
};
