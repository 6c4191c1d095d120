// SemVer precedence: the examples of semver.org section 11, prerelease identifiers of any length,
// build metadata and the lenient forms claircore's library accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePrerelease, compareSemver, parseSemver } from '../../../lib/versions/semver.ts';
import { type Chain, orderChains } from '../../helpers/version-order.ts';

function compare(a: string, b: string): number {
  const [left, right] = [parseSemver(a), parseSemver(b)];
  assert.ok(left !== undefined && right !== undefined, `${a} or ${b} is not a version`);
  return compareSemver(left, right);
}

describe('semver order', () => {
  const chains: Chain[] = [
    {
      name: 'semver.org 11.2: major, minor, patch numerically',
      ascending: ['1.0.0', '2.0.0', '2.1.0', '2.1.1'],
    },
    { name: 'semver.org 11.3: a prerelease below its release', ascending: ['1.0.0-alpha', '1.0.0'] },
    {
      name: 'semver.org 11.4: prerelease identifiers',
      ascending: [
        ...[
          '1.0.0-alpha',
          '1.0.0-alpha.1',
          '1.0.0-alpha.beta',
          '1.0.0-beta',
          '1.0.0-beta.2',
          '1.0.0-beta.11',
        ],
        ...['1.0.0-rc.1', '1.0.0'],
      ],
    },
    {
      name: 'numeric identifiers past 2^53 and 2^64',
      ascending: [
        '1.0.0-9007199254740992',
        '1.0.0-9007199254740993',
        '1.0.0-18446744073709551617',
        '1.0.0-a',
      ],
    },
    {
      name: 'alphanumeric identifiers in ASCII order',
      ascending: ['1.0.0--', '1.0.0-A', '1.0.0-Z', '1.0.0-a', '1.0.0-a-b'],
    },
    { name: 'a digit-led alphanumeric identifier above every number', ascending: ['1.0.0-99', '1.0.0-1a'] },
  ];
  orderChains(compare, chains);

  const equal: { name: string; a: string; b: string }[] = [
    { name: 'ignores build metadata', a: '1.0.0+build.1', b: '1.0.0+build.2' },
    { name: 'ignores build metadata on a prerelease', a: '1.0.0-rc.1+x', b: '1.0.0-rc.1' },
    { name: 'reads a v prefix', a: 'v1.2.3', b: '1.2.3' },
    { name: 'reads missing minor and patch numbers as 0', a: '1.2', b: '1.2.0' },
    { name: 'reads numeric identifiers with leading zeros by value', a: '1.0.0-01', b: '1.0.0-1' },
  ];
  for (const { name, a, b } of equal) {
    it(`${name}: ${a} == ${b}`, () => {
      assert.equal(compare(a, b), 0);
    });
  }

  it('orders prerelease strings with "" as no prerelease, the highest', () => {
    assert.equal(comparePrerelease('', 'rc.1'), 1);
    assert.equal(comparePrerelease('rc.1', ''), -1);
    assert.equal(comparePrerelease('', ''), 0);
  });
});
