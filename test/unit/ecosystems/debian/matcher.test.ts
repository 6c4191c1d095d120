import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debianMatcher } from '../../../../lib/ecosystems/debian/matcher.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { advisory, dist, record, type VersionCase, versionCases } from '../../../helpers/match-record.ts';

const BOOKWORM = dist({ did: 'debian', name: 'Debian GNU/Linux', version_id: '12' });

describe('debian matcher', () => {
  it('takes records of Debian by id or by name, and nothing else', () => {
    assert.equal(debianMatcher.filter(record('1', { distribution: BOOKWORM })), true);
    assert.equal(
      debianMatcher.filter(record('1', { distribution: dist({ name: 'Debian GNU/Linux' }) })),
      true,
    );
    assert.equal(
      debianMatcher.filter(record('1', { distribution: dist({ did: 'ubuntu', name: 'Ubuntu' }) })),
      false,
    );
    assert.equal(debianMatcher.filter(record('1')), false);
  });

  it('asks for the same distribution id, name and version', () => {
    assert.deepEqual(debianMatcher.query, ['dist_id', 'dist_name', 'dist_version_id']);
  });

  const cases: VersionCase[] = [
    ['1.0-1', '', true],
    ['1.0-1', '0', false],
    ['1.0-1', '1.0-2', true],
    ['1.0-2', '1.0-2', false],
    ['1.0-1+b1', '1.0-1', false],
    ['1.0~rc1-1', '1.0-1', true],
    ['1:0.9-1', '1.0-1', false],
    ['2.36-9+deb12u3', '2.36-9+deb12u4', true],
  ];
  versionCases(debianMatcher, (v) => record(v, { distribution: BOOKWORM }), cases);

  it('fails an unreadable installed version, naming it', () => {
    assert.throws(
      () => debianMatcher.vulnerable(record('abc', { distribution: BOOKWORM }), advisory('1.0-1'), undefined),
      (err: Error) => err instanceof InvalidInputError && err.message.includes('abc'),
    );
  });
});
