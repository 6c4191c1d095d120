import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaMatcher } from '../../../../lib/ecosystems/java/matcher.ts';
import { record, type VersionCase, versionCases } from '../../../helpers/match-record.ts';

const maven = (version: string) => record(version, { repository: { name: 'maven' } });

describe('java-maven matcher', () => {
  it('takes the records of the maven repository', () => {
    assert.equal(javaMatcher.filter(maven('1.0')), true);
    assert.equal(javaMatcher.filter(record('1.0', { repository: { name: 'pypi' } })), false);
  });

  const cases: VersionCase[] = [
    ['2.9.10.1', 'fixed=2.9.10.4&introduced=2.9.0', true],
    ['2.9.10.4', 'fixed=2.9.10.4&introduced=2.9.0', false],
    ['2.8.11', 'fixed=2.9.10.4&introduced=2.9.0', false],
    ['2.10.0-rc1', 'fixed=2.10.0', true],
    ['2.10.0.Final', 'fixed=2.10.0', false],
    ['1.0-SNAPSHOT', 'fixed=1.0', true],
    ['1.0-sp1', 'lastAffected=1.0', false],
  ];
  versionCases(javaMatcher, maven, cases);
});
