import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rubyMatcher } from '../../../../lib/ecosystems/ruby/matcher.ts';
import { record, type VersionCase, versionCases } from '../../../helpers/match-record.ts';

const gem = (version: string) => record(version, { repository: { name: 'rubygems' } });

describe('ruby-gem matcher', () => {
  it('takes the records of the rubygems repository', () => {
    assert.equal(rubyMatcher.filter(gem('1.0')), true);
    assert.equal(rubyMatcher.filter(record('1.0', { repository: { name: 'maven' } })), false);
  });

  const cases: VersionCase[] = [
    ['6.1.7', 'fixed=6.1.7.1&introduced=6.0.0', true],
    ['6.1.7.1', 'fixed=6.1.7.1&introduced=6.0.0', false],
    ['5.2.8', 'fixed=6.1.7.1&introduced=6.0.0', false],
    ['6.1.7.1.rc1', 'fixed=6.1.7.1', true],
    ['1.0.a1', 'fixed=1.0', true],
  ];
  versionCases(rubyMatcher, gem, cases);
});
