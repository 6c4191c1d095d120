import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodejsMatcher } from '../../../../lib/ecosystems/nodejs/matcher.ts';
import type { VersionRange } from '../../../../lib/updater/types.ts';
import { record, type VersionCase, versionCases } from '../../../helpers/match-record.ts';

const npm = (version: string) => record(version, { repository: { name: 'npm' } });
const RANGE: VersionRange = {
  kind: 'semver',
  lower: [0, 2, 0, 0, 0, 0, 0, 0, 0, 0],
  upper: [0, 2, 88, 2, 0, 0, 0, 0, 0, 0],
};

describe('nodejs matcher', () => {
  it('takes the records of the npm repository', () => {
    assert.equal(nodejsMatcher.filter(npm('1.0.0')), true);
    assert.equal(nodejsMatcher.filter(record('1.0.0', { repository: { name: 'pypi' } })), false);
  });

  const cases: VersionCase[] = [
    ['2.88.1', '2.88.2', true],
    ['2.88.2', '2.88.2', false],
    ['2.88.2-beta.1', '2.88.2', true],
    ['1.9.9', '2.88.2', false],
  ];
  versionCases(nodejsMatcher, npm, cases, RANGE);
});
