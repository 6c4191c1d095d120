import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pythonMatcher } from '../../../../lib/ecosystems/python/matcher.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { advisory, record, type VersionCase, versionCases } from '../../../helpers/match-record.ts';

const pypi = (version: string) =>
  record(version, { repository: { name: 'pypi' }, normalized: 'pep440:0.1.0.0.0.0.0.0.0.0' });

describe('python matcher', () => {
  it('takes the records whose version normalises as PEP 440, filed by repository name', () => {
    assert.equal(pythonMatcher.filter(pypi('1.0')), true);
    assert.equal(pythonMatcher.filter(record('1.0', { repository: { name: 'pypi' } })), false);
    assert.deepEqual(pythonMatcher.query, ['repo_name']);
  });

  // claircore's python/matcher_test.go rules: introduced, then fixed, else lastAffected.
  const cases: VersionCase[] = [
    ['1.0', '', true],
    ['1.0', 'fixed=1.1', true],
    ['1.1', 'fixed=1.1', false],
    ['1.1rc1', 'fixed=1.1', true],
    ['1.1.post1', 'fixed=1.1', false],
    ['0.9', 'fixed=1.1&introduced=1.0', false],
    ['1.0.dev1', 'fixed=1.1&introduced=1.0', false],
    ['1.0', 'fixed=1.1&introduced=1.0', true],
    ['2.0', 'lastAffected=2.0', true],
    ['2.0.1', 'lastAffected=2.0', false],
    ['2.0.1', 'introduced=2.0', true],
    ['1!0.1', 'fixed=2.0', false],
    // claircore reads the installed version only when a bound needs it, and empty values as absent.
    ['latest', '', true],
    ['latest', 'fixed=', true],
    ['2.0', 'fixed=&lastAffected=1.9', false],
  ];
  versionCases(pythonMatcher, pypi, cases);

  it('fails an installed version that is not PEP 440', () => {
    assert.throws(
      () => pythonMatcher.vulnerable(pypi('latest'), advisory('fixed=1.0'), undefined),
      InvalidInputError,
    );
  });
});
