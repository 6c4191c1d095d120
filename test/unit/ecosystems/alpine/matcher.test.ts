import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alpineMatcher } from '../../../../lib/ecosystems/alpine/matcher.ts';
import { dist, record, type VersionCase, versionCases } from '../../../helpers/match-record.ts';

const V3_18 = dist({ did: 'alpine', name: 'Alpine Linux', pretty_name: 'Alpine Linux v3.18' });

describe('alpine matcher', () => {
  it('takes records of Alpine by id or by name, and asks for the same pretty name', () => {
    assert.equal(alpineMatcher.filter(record('1', { distribution: V3_18 })), true);
    assert.equal(alpineMatcher.filter(record('1', { distribution: dist({ name: 'Alpine Linux' }) })), true);
    assert.equal(alpineMatcher.filter(record('1', { distribution: dist({ did: 'wolfi' }) })), false);
    assert.deepEqual(alpineMatcher.query, ['dist_id', 'dist_name', 'dist_pretty_name']);
  });

  const cases: VersionCase[] = [
    ['1.2.4-r0', '', true],
    ['1.2.4-r0', '0', false],
    ['1.2.4-r0', '1.2.4-r1', true],
    ['1.2.4-r1', '1.2.4-r1', false],
    ['1.2.4_rc1-r0', '1.2.4-r0', true],
    ['4.5_p1-r1', '4.5_p1-r0', false],
    // Unreadable versions are "not vulnerable", as in claircore.
    ['1.2.4_b1-r0', '1.2.5-r0', false],
    ['1.2.4-r0', '1.2.5_bogus-r0', false],
  ];
  versionCases(alpineMatcher, (v) => record(v, { distribution: V3_18 }), cases);
});
