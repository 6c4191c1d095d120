import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gobinMatcher } from '../../../../lib/ecosystems/gobin/matcher.ts';
import type { VersionRange } from '../../../../lib/updater/types.ts';
import { advisory, record } from '../../../helpers/match-record.ts';

const go = (version: string) => record(version, { repository: { name: 'go', uri: 'https://pkg.go.dev/' } });
const semver = (lower: number[], upper: number[]): VersionRange => ({
  kind: 'semver',
  lower: [0, ...lower, 0, 0, 0, 0, 0, 0],
  upper: [0, ...upper, 0, 0, 0, 0, 0, 0],
});
const OPEN_ABOVE: VersionRange = {
  kind: 'semver',
  lower: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  upper: [65535, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};
// A fix at a pseudo-version of v0.0.0 normalises to [0, 0): stored empty, read back as such.
const EMPTY: VersionRange = {
  kind: 'semver',
  lower: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  upper: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};

describe('gobin matcher', () => {
  it('takes the records of modules from pkg.go.dev', () => {
    assert.equal(gobinMatcher.filter(go('v1.0.0')), true);
    assert.equal(gobinMatcher.filter(record('v1.0.0', { repository: { name: 'go' } })), false);
  });

  const cases: [installed: string, fixed: string, range: VersionRange | undefined, vulnerable: boolean][] = [
    ['v1.2.3', '1.2.4', semver([1, 2, 0], [1, 2, 4]), true],
    ['v1.2.4', '1.2.4', semver([1, 2, 0], [1, 2, 4]), false],
    ['v1.1.9', '1.2.4', semver([1, 2, 0], [1, 2, 4]), false],
    // A pseudo-version after 1.2.3 is a prerelease of 1.2.4, still before the fix; claircore's
    // normalised 1.2.4 would miss it.
    ['v1.2.4-0.20230101120000-abcdef123456', '1.2.4', semver([1, 2, 0], [1, 2, 4]), true],
    ['v1.2.4-rc.1', '1.2.4', semver([1, 2, 0], [1, 2, 4]), true],
    ['v0.0.0-20220722155237-a158d28d115b', '0.0.0-20220906165146-f3363e06e74c', EMPTY, true],
    ['v0.0.0-20220906165146-f3363e06e74c', '0.0.0-20220906165146-f3363e06e74c', EMPTY, false],
    ['v0.29.0', '0.0.0-20220906165146-f3363e06e74c', EMPTY, false],
    ['v1.55.5', '', OPEN_ABOVE, true],
    ['v2.0.0+incompatible', '', semver([1, 0, 0], [2, 0, 0]), false],
    ['v1.9.0+incompatible', '', semver([1, 0, 0], [2, 0, 0]), true],
    ['v1.0.0', '1.2.4', undefined, false],
  ];
  for (const [installed, fixed, range, vulnerable] of cases) {
    it(`${installed} against fixed "${fixed}" is ${vulnerable ? '' : 'not '}vulnerable`, () => {
      assert.equal(gobinMatcher.vulnerable(go(installed), advisory(fixed), range), vulnerable);
    });
  }
});
