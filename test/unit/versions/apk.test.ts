// apk versions: every line of apk-tools' test/version.data (as shipped by go-apk-version), plus the
// rules and examples of claircore-engine.md §5.3.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import { compareApkVersions, isApkVersion } from '../../../lib/versions/apk.ts';
import { random } from '../../helpers/prng.ts';
import { pick, randomText } from '../../helpers/version-pairs.ts';

const ORDER: Record<string, number> = { '<': -1, '=': 0, '>': 1 };

/** `a op b` lines; the file marks no comments other than a trailing `#` remark. */
const vectors = readFileSync(join(import.meta.dirname, 'testdata', 'apk-version.data'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => line.trim().split(/\s+/));

describe('compareApkVersions', () => {
  for (const [a = '', op = '', b = ''] of vectors) {
    if (isApkVersion(a) && isApkVersion(b)) {
      it(`orders ${a} ${op} ${b}, and the other way round`, () => {
        const want = ORDER[op] ?? Number.NaN;
        assert.deepEqual([compareApkVersions(a, b), compareApkVersions(b, a)], [want, -want || 0]);
      });
    } else {
      // apk-tools falls back to some order for these; claircore's matcher treats them as not affected.
      it(`rejects the pair ${a} ${op} ${b}, which holds an invalid version`, () => {
        assert.throws(() => compareApkVersions(a, b), InvalidInputError);
      });
    }
  }

  const cases: [string, '<' | '=' | '>', string][] = [
    // claircore-engine.md §5.3.
    ['1.3_alpha', '<', '1.3'],
    ['3.1_p16', '<', '3.1_p17'],
    ['4.5_p1-r1', '>', '4.5_p1'],
    ['1.01', '<', '1.1'],
    ['1.2.1', '>', '1.2'],
    ['1.2-r1', '>', '1.2'],
    // Suffixes in order, pre-releases below the release and the rest above it.
    ['1_alpha', '<', '1_beta'],
    ['1_beta', '<', '1_pre'],
    ['1_pre', '<', '1_rc'],
    ['1_rc', '<', '1'],
    ['1', '<', '1_cvs'],
    ['1_cvs', '<', '1_svn'],
    ['1_svn', '<', '1_git'],
    ['1_git', '<', '1_hg'],
    ['1_hg', '<', '1_p'],
    ['1_rc', '<', '1_rc1'],
    // Leading zeros: each one weighs -1, below any number.
    ['1.00', '<', '1.0'],
    ['1.0', '<', '1.01'],
    ['1.0', '>', '1'],
    ['1.001', '<', '1.01'],
    // After a zero component even a pre-release suffix makes a version newer, as in apk-tools 2.10 and
    // go-apk-version (a quirk later apk-tools fixed); the suffix still counts against another suffix.
    ['2.0_rc1', '>', '2.0'],
    ['2.0_rc1-r0', '<', '2.0-r0'],
    ['2.1_rc1', '<', '2.1'],
    // A letter after the digits.
    ['1.0a', '<', '1.0b'],
    ['1.0z', '<', '1.1'],
    ['1.0a', '>', '1.0'],
    // Numbers of any length, not limited to 53 or 64 bits.
    [`1.${'9'.repeat(25)}`, '>', `1.${'9'.repeat(24)}8`],
    [`1.2-r${'9'.repeat(20)}`, '<', `1.2-r1${'0'.repeat(20)}`],
    [`1_p${'9'.repeat(20)}`, '<', `1_p1${'0'.repeat(20)}`],
  ];
  for (const [a, op, b] of cases) {
    it(`orders ${a} ${op} ${b}, and the other way round`, () => {
      const want = ORDER[op] ?? Number.NaN;
      assert.deepEqual([compareApkVersions(a, b), compareApkVersions(b, a)], [want, -want || 0]);
    });
  }

  it('orders any two valid versions, the opposite way when swapped, and rejects the rest', () => {
    const r = random(404);
    const pieces = ['0', '1', '01', '9', '.', '.', 'a', '_rc', '_p', '_alpha', '-r', '1'];
    const text = () => `${r.int(2)}${Array.from({ length: r.int(6) }, () => pick(r, pieces)).join('')}`;
    for (let n = 0; n < 5000; n++) {
      const [a, b] = r.int(4) === 0 ? [randomText(r, 8), text()] : [text(), text()];
      if (isApkVersion(a) && isApkVersion(b)) {
        const [ab, ba] = [compareApkVersions(a, b), compareApkVersions(b, a)];
        assert.ok([-1, 0, 1].includes(ab) && ba === -ab, `${JSON.stringify([a, b])}: ${ab}, ${ba}`);
      } else {
        assert.throws(() => compareApkVersions(a, b), InvalidInputError);
      }
    }
  });

  it('rejects an invalid version on either side, naming it', () => {
    assert.throws(() => compareApkVersions('1.0', '1.0_b1'), {
      name: InvalidInputError.name,
      message: 'apk version "1.0_b1": not of the form digits{.digits}[letter]{_suffix[N]}[-rN]',
    });
    assert.throws(() => compareApkVersions('1.0bc', '1.0'), InvalidInputError);
  });
});

describe('isApkVersion', () => {
  const valid = [
    '1.2.3',
    '1.2.3_alpha1',
    '1.2.3-r1',
    '0.1.0_alpha_pre2',
    '1.0b',
    '1.0_p1_rc2-r3',
    '2.3.0b-r1',
    // apk-tools 2.10 (and go-apk-version) allow a revision without digits and an empty string.
    '1.0-r',
    '',
  ];
  for (const text of valid) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.equal(isApkVersion(text), true);
    });
  }

  const invalid = [
    '1.0bc',
    '1.0!',
    '_b1',
    '1.0_b1',
    '1.0_foo',
    '1.0-',
    '1.0-r1a',
    '1.0B',
    '1.0 ',
    'V1.0',
    // go-apk-version skips any one character after `-`; apk-tools wants `-r`, as we do.
    '1.0-x1',
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(isApkVersion(text), false);
    });
  }
});
