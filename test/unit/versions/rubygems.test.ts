// RubyGems versions: claircore's ruby/version_test.go cases (all agree with Gem::Version) and
// RubyGems' own rules, including where we follow RubyGems rather than claircore (`1.0a1`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareGemVersions, parseGemVersion } from '../../../lib/versions/rubygems.ts';
import { readsOrRefuses } from '../../helpers/version-order.ts';

const compare = (a: string, b: string): number => compareGemVersions(parseGemVersion(a), parseGemVersion(b));
const LONG = '234567890987654321234567890987654321234567890987654321234567890987654';

describe('rubygems parse', () => {
  const cases: { text: string; want: (bigint | string)[] }[] = [
    { text: '1', want: [1n] },
    { text: '1.alpha', want: [1n, 'alpha'] },
    { text: '1-alpha', want: [1n, 'pre', 'alpha'] },
    { text: '', want: [] },
    { text: '0-0', want: ['pre'] },
    { text: '1.0a1', want: [1n, 'a', 1n] },
    { text: '1.0.0.a.0', want: [1n, 'a'] },
    { text: '1.0.a.0.b', want: [1n, 'a', 0n, 'b'] },
    { text: ' 1.2.0\n', want: [1n, 2n] },
    { text: '1.RC2', want: [1n, 'RC', 2n] },
    { text: `1.${LONG}.3.21`, want: [1n, BigInt(LONG), 3n, 21n] },
  ];
  for (const { text, want } of cases) {
    it(`reads ${JSON.stringify(text)} as canonical segments`, () => {
      assert.deepEqual(parseGemVersion(text).segments, want);
    });
  }

  for (const text of [
    '1.',
    '.3',
    'beta',
    'beta.1',
    '-',
    '1/2',
    '1..2',
    '1.0_1',
    '1.0+1',
    '1 0',
    '1.0\u00a0',
    'v1',
  ]) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseGemVersion(text), {
        name: 'InvalidInputError',
        message: `RubyGems version ${JSON.stringify(text)}: want numbers and letters joined by "." or "-", starting with a number`,
      });
    });
  }

  readsOrRefuses(parseGemVersion, [...'0123456789..--abzAZ _+\t\n', 'pre', '\u00a0'], 12, 1993);
});

describe('rubygems order', () => {
  const cases: { a: string; b: string; want: number }[] = [
    { a: '1', b: '2', want: -1 },
    { a: '1.1.2', b: '1.1.0', want: 1 },
    { a: '1.1.02', b: '1.1.0', want: 1 },
    { a: '1.1.2', b: '1.1.2', want: 0 },
    { a: '5', b: '4.2.10', want: 1 },
    { a: '4.2.10', b: '5', want: -1 },
    { a: '4.2.10', b: '4.2.10.0.0.0.0.0.0', want: 0 },
    { a: '0.9', b: '1.0', want: -1 },
    { a: '0.9', b: '1.0.a.2', want: -1 },
    { a: '1.0.a.2', b: '1.0.b1', want: -1 },
    { a: '1.0.b1', b: '1.0', want: -1 },
    { a: '0.alpha', b: '0', want: -1 },
    { a: '1-2', b: '1-2', want: 0 },
    { a: '1-1', b: '1-2', want: -1 },
    { a: '1-2', b: '1-1', want: 1 },
    { a: '1.2.3.0.00.0-0.0.0000.3.0000.00000000', b: '1.2.3.0.0.0-0.0.0.3.0.0', want: 0 },
    { a: '1.2.3.0.00.0-0.0.0000.3.0000.00000000', b: '1.2.3-0.0.0.3', want: 0 },
    { a: '1.0.3.beta', b: '1.beta', want: 1 },
    { a: '1.0.3.00.0.0.4.0.0.0.0.beta.0.0.2.0.0.00000', b: '1.0.3.00.0.0.4.beta.0.0.2', want: 0 },
    { a: '1.0.3.00.0.0.4.0.0.0.0.beta.0.0.2.0.0.00000', b: '1.0.3.00.0.0.4.alpha.0.0.2', want: 1 },
    { a: '   1.alpha.0.1.0.5.00000.0', b: ' 1.alpha.0.1.0.5.0          ', want: 0 },
    { a: '', b: '\t', want: 0 },
    { a: `1.2.${'0'.repeat(59)}1`, b: '1.2.1', want: 0 },
    { a: `1.2.${'0'.repeat(59)}1`, b: '1.2.2', want: -1 },
    { a: `1.${LONG}.3.21`, b: `1.000000000000000000${LONG.slice(18)}.3.21`, want: 1 },
    { a: '9'.repeat(76), b: `${'0'.repeat(10)}${'9'.repeat(76)}`, want: 0 },
    // RubyGems splits letters from digits inside a segment; claircore keeps "0a1" whole.
    { a: '1.0a1', b: '1.0.a.1', want: 0 },
    { a: '1.0a1', b: '1.0.a', want: 1 },
    { a: '1.0-rc1', b: '1.0.pre.rc1', want: 0 },
    { a: '1.A', b: '1.a', want: -1 },
    { a: '1.8.7.a', b: '1.8.7', want: -1 },
  ];
  for (const { a, b, want } of cases) {
    it(`orders ${JSON.stringify(a)} ${['<', '==', '>'][want + 1]} ${JSON.stringify(b)}`, () => {
      assert.equal(compare(a, b), want);
      assert.equal(compare(b, a), -want || 0);
    });
  }
});
