// npm packages against OSV advisories, compared as SemVer 2.0 (claircore-engine.md 4.4). On by
// default, where claircore registers it only when named (docs/compatibility.md).
import { InvalidInputError } from '../../errors.ts';
import type { Matcher } from '../../matcher/types.ts';
import { compareSemver, parseSemver, type Semver } from '../../versions/semver.ts';
import { inSemverRange } from '../osv/semver-range.ts';

function semver(text: string): Semver {
  const v = parseSemver(text);
  if (v === undefined) throw new InvalidInputError(`version "${text}" is not a semantic version`);
  return v;
}

export const nodejsMatcher: Matcher = {
  name: 'nodejs',
  filter: (r) => r.repository?.name === 'npm',
  query: ['repo_name'],
  vulnerable: (record, vuln, range) =>
    inSemverRange(record.package.version, vuln.fixed_in_version, range, (a, b) =>
      compareSemver(semver(a), semver(b)),
    ),
};
