// Alpine secdb entries name origin (source) packages; the installed binary version is compared.
// An unreadable version is "not vulnerable", as in claircore (claircore-engine.md section 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { compareApkVersions, isApkVersion } from '../../versions/apk.ts';

export const alpineMatcher: Matcher = {
  name: 'alpine-matcher',
  filter: (r) => r.distribution?.did === 'alpine' || r.distribution?.name === 'Alpine Linux',
  query: ['dist_id', 'dist_name', 'dist_pretty_name'],
  vulnerable(record, vuln) {
    const fixed = vuln.fixed_in_version;
    if (fixed === '') return true;
    if (fixed === '0' || !isApkVersion(record.package.version) || !isApkVersion(fixed)) return false;
    return compareApkVersions(record.package.version, fixed) < 0;
  },
};
