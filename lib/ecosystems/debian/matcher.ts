// Debian advisories name source packages; the image's binary version is what is compared, so a
// binNMU (+b1) counts as newer than its source (claircore-engine.md section 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { compareDpkgVersions } from '../../versions/dpkg.ts';

export const debianMatcher: Matcher = {
  name: 'debian-matcher',
  filter: (r) => r.distribution?.did === 'debian' || r.distribution?.name === 'Debian GNU/Linux',
  query: ['dist_id', 'dist_name', 'dist_version_id'],
  vulnerable(record, vuln) {
    // The tracker writes "0" for a package the issue never affected in that release.
    if (vuln.fixed_in_version === '0') return false;
    return (
      vuln.fixed_in_version === '' || compareDpkgVersions(record.package.version, vuln.fixed_in_version) < 0
    );
  },
};
