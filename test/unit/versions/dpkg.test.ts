// dpkg versions: the cases of dpkg's lib/dpkg/t/t-version.c, deb-version(5)'s examples and the
// examples and rules of claircore-engine.md §5.1.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import { compareDpkgVersions, type DpkgVersion, parseDpkgVersion } from '../../../lib/versions/dpkg.ts';
import { random } from '../../helpers/prng.ts';
import { randomText } from '../../helpers/version-pairs.ts';

const v = (epoch: number, upstream: string, revision: string): DpkgVersion => ({ epoch, upstream, revision });

describe('parseDpkgVersion', () => {
  const cases: [string, DpkgVersion][] = [
    // t-version.c test_version_parse.
    ['0', v(0, '0', '')],
    ['0:0', v(0, '0', '')],
    ['0:0-0', v(0, '0', '0')],
    ['0:0.0-0.0', v(0, '0.0', '0.0')],
    ['1:0', v(1, '0', '')],
    ['5:1', v(5, '1', '')],
    ['0:0-0-0', v(0, '0-0', '0')],
    ['0:0-0-0-0', v(0, '0-0-0', '0')],
    ['0:0:0-0', v(0, '0:0', '0')],
    ['0:0:0:0-0', v(0, '0:0:0', '0')],
    ['0:0:0-0-0', v(0, '0:0-0', '0')],
    ['0:0-0:0-0', v(0, '0-0:0', '0')],
    ['0:09azAZ.-+~:-0', v(0, '09azAZ.-+~:', '0')],
    ['0:0-azAZ09.+~', v(0, '0', 'azAZ09.+~')],
    ['  \t0:0-1', v(0, '0', '1')],
    ['0:0-1\t  ', v(0, '0', '1')],
    ['\t  0:0-1  \t', v(0, '0', '1')],
    // go-deb-version's rules, which claircore applies.
    ['1.0_1-2_3', v(0, '1.0_1', '2_3')],
    ['1.0-', v(0, '1.0', '')],
    ['1.0\r\n', v(0, '1.0', '')],
    ['+1:2', v(1, '2', '')],
    ['-0:2', v(0, '2', '')],
    ['007:2', v(7, '2', '')],
    ['2147483647:2', v(2147483647, '2', '')],
    ['2:1.2.3+dfsg-4ubuntu0.1~esm1', v(2, '1.2.3+dfsg', '4ubuntu0.1~esm1')],
  ];
  for (const [text, want] of cases) {
    it(`parses ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseDpkgVersion(text), want);
    });
  }

  const UPSTREAM_CHARS = 'upstream version may contain only letters, digits and the characters .+~:_-';
  const REVISION_CHARS = 'revision may contain only letters, digits and the characters .+~_';
  const rejects: [string, string][] = [
    ['', 'upstream version is empty'],
    ['  ', 'upstream version is empty'],
    ['0:', 'upstream version is empty'],
    ['-0', 'upstream version is empty'],
    ['0:-0', 'upstream version is empty'],
    [':1.0', 'epoch must be a non-negative integer'],
    ['-1:0-1', 'epoch must be a non-negative integer'],
    ['a:0-0', 'epoch must be a non-negative integer'],
    ['A:0-0', 'epoch must be a non-negative integer'],
    ['1.0:2', 'epoch must be a non-negative integer'],
    ['999999999999999999999999:0-1', 'epoch must be at most 2147483647'],
    ['2147483648:0', 'epoch must be at most 2147483647'],
    ['0:abc3-0', 'upstream version must start with a digit'],
    ['0:0 0-1', UPSTREAM_CHARS],
    ['1.0é', UPSTREAM_CHARS],
    ...[..."!#@$%&/|\\<>()[]{};,=*^'"].map((c): [string, string] => [`0:0${c}-0`, UPSTREAM_CHARS]),
    ...[..."!#@$%&/|\\<>()[]{}:;,=*^'"].map((c): [string, string] => [`0:0-0${c}`, REVISION_CHARS]),
  ];
  for (const [text, problem] of rejects) {
    it(`rejects ${JSON.stringify(text)}: ${problem}`, () => {
      assert.throws(() => parseDpkgVersion(text), {
        name: InvalidInputError.name,
        message: `dpkg version ${JSON.stringify(text)}: ${problem}`,
      });
    });
  }

  it('rejects with an InvalidInputError', () => {
    assert.throws(() => parseDpkgVersion('x'), InvalidInputError);
  });

  it('parses any string or rejects it with an InvalidInputError', () => {
    const r = random(401);
    for (let n = 0; n < 5000; n++) {
      const text = `${r.int(3) === 0 ? '' : r.int(10)}${randomText(r, 12)}`;
      try {
        parseDpkgVersion(text);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `${JSON.stringify(text)}: ${err}`);
      }
    }
  });
});

describe('compareDpkgVersions', () => {
  const digits = (n: number, d: string) => d.repeat(n);
  const cases: [string, '<' | '==' | '>', string][] = [
    // t-version.c test_version_compare and test_version_relate, as version strings (its blank version
    // and upstream versions "a" and "b" cannot be written as valid strings).
    ['1-1', '<', '2-1'],
    ['1-1', '<', '1-2'],
    ['0-0', '==', '0-0'],
    ['0-00', '==', '00-0'],
    ['1:2-3', '==', '1:2-3'],
    ['0:0-0', '<', '1:0-0'],
    ['0a-0', '<', '0b-0'],
    ['0-a', '<', '0-b'],
    ['1-1', '==', '1-1'],
    // claircore-engine.md §5.1.
    ['1.0~rc1', '<', '1.0'],
    ['1.0', '<', '1.0+b1'],
    ['1:0.1', '>', '2.0'],
    ['1.0', '==', '1.00'],
    ['1.01', '==', '1.1'],
    // deb-version(5): ~~ < ~~a < ~ < (the end) < a, and letters before other characters.
    ['1~~', '<', '1~~a'],
    ['1~~a', '<', '1~'],
    ['1~', '<', '1'],
    ['1', '<', '1a'],
    ['1a', '<', '1+'],
    ['1z', '<', '1.'],
    ['1Z', '<', '1a'],
    ['1.0', '<', '1.0.'],
    ['1.0-1', '<', '1.0-1.1'],
    ['1.0-1~bpo1', '<', '1.0-1'],
    ['1.0-0ubuntu1', '<', '1.0-0ubuntu1.1'],
    ['01:1', '==', '1:1'],
    ['1_0', '>', '1.0'],
    // Numbers of any length, not limited to 53 or 64 bits.
    [`1.${digits(25, '9')}`, '>', `1.${digits(24, '9')}8`],
    [`1.${digits(30, '0')}1`, '==', '1.1'],
    [`1.1${digits(30, '0')}`, '>', `1.${digits(30, '9')}`],
    [`1-${digits(20, '9')}`, '<', `1-1${digits(20, '0')}`],
  ];
  for (const [a, op, b] of cases) {
    it(`orders ${a} ${op} ${b}, and the other way round`, () => {
      const want = op === '<' ? -1 : op === '>' ? 1 : 0;
      assert.deepEqual([compareDpkgVersions(a, b), compareDpkgVersions(b, a)], [want, -want || 0]);
    });
  }

  it('rejects an invalid version on either side', () => {
    assert.throws(() => compareDpkgVersions('1.0', 'x1'), {
      name: 'InvalidInputError',
      message: 'dpkg version "x1": upstream version must start with a digit',
    });
    assert.throws(() => compareDpkgVersions('1:', '1.0'), InvalidInputError);
  });
});
