// Ubuntu advisories: like Debian's, except that a fixed version "0" still counts as affected, as
// claircore's Ubuntu matcher has it (claircore-engine.md section 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { compareDpkgVersions } from '../../versions/dpkg.ts';

export const ubuntuMatcher: Matcher = {
  name: 'ubuntu-matcher',
  filter: (r) => r.distribution?.did === 'ubuntu' || r.distribution?.name === 'Ubuntu',
  query: ['dist_id', 'dist_name', 'dist_version_id'],
  vulnerable(record, vuln) {
    if (vuln.fixed_in_version === '' || vuln.fixed_in_version === '0') return true;
    return compareDpkgVersions(record.package.version, vuln.fixed_in_version) < 0;
  },
};
