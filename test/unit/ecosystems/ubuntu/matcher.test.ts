import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ubuntuMatcher } from '../../../../lib/ecosystems/ubuntu/matcher.ts';
import { dist, record, type VersionCase, versionCases } from '../../../helpers/match-record.ts';

const JAMMY = dist({ did: 'ubuntu', name: 'Ubuntu', version_id: '22.04' });

describe('ubuntu matcher', () => {
  it('takes records of Ubuntu by id or by name, and nothing else', () => {
    assert.equal(ubuntuMatcher.filter(record('1', { distribution: JAMMY })), true);
    assert.equal(ubuntuMatcher.filter(record('1', { distribution: dist({ name: 'Ubuntu' }) })), true);
    assert.equal(ubuntuMatcher.filter(record('1', { distribution: dist({ did: 'debian' }) })), false);
  });

  const cases: VersionCase[] = [
    ['3.0.2-0ubuntu1.10', '', true],
    // Unlike Debian's, a fixed version "0" counts as affected (claircore's Ubuntu matcher).
    ['3.0.2-0ubuntu1.10', '0', true],
    ['3.0.2-0ubuntu1.10', '3.0.2-0ubuntu1.12', true],
    ['3.0.2-0ubuntu1.12', '3.0.2-0ubuntu1.12', false],
    ['3.0.2-0ubuntu1.12~22.04', '3.0.2-0ubuntu1.12', true],
  ];
  versionCases(ubuntuMatcher, (v) => record(v, { distribution: JAMMY }), cases);
});
