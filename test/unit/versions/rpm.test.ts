// rpm versions: every line of claircore's internal/rpmver/testdata vectors (rpmvercmp includes rpm's
// own rpmvercmp.at cases), plus the rules of claircore-engine.md §5.2.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../lib/errors.ts';
import {
  compareRpmVersions,
  parseRpmVersion,
  type RpmVersion,
  rpmEvr,
  rpmvercmp,
} from '../../../lib/versions/rpm.ts';
import { random } from '../../helpers/prng.ts';
import { randomText } from '../../helpers/version-pairs.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'rpmver');

/** The fields of each line of a vector file, skipping blank lines and `#` comments. */
function vectors(name: string): string[][] {
  return readFileSync(join(TESTDATA, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/));
}

const ORDER: Record<string, number> = { '<': -1, '==': 0, '>': 1 };

describe('rpmvercmp', () => {
  for (const [a = '', op = '', b = ''] of vectors('rpmvercmp')) {
    it(`orders ${a} ${op} ${b}, and the other way round`, () => {
      const want = ORDER[op] ?? Number.NaN;
      assert.deepEqual([rpmvercmp(a, b), rpmvercmp(b, a)], [want, -want || 0]);
    });
  }

  // rpm 4.18 gives these answers; claircore's Go port goes on without skipping the separator after a
  // `~~` or `^^` pair and answers -1 for each.
  const rpmOverClaircore: [string, number, string][] = [
    ['1~.1', 0, '1~1'],
    ['1^.a', 0, '1^a'],
    ['1~', 0, '1~.'],
    ['~a', 1, '~~'],
  ];
  for (const [a, want, b] of rpmOverClaircore) {
    it(`answers ${want} for ${a} against ${b}, as rpm does`, () => {
      assert.equal(rpmvercmp(a, b), want);
    });
  }

  it('compares numbers of any length', () => {
    assert.equal(rpmvercmp(`1.${'9'.repeat(30)}`, `1.${'9'.repeat(29)}8`), 1);
  });

  it('ignores leading zeros', () => {
    assert.equal(rpmvercmp(`1.${'0'.repeat(30)}7`, '1.7'), 0);
  });

  it('treats characters outside ASCII as separators', () => {
    assert.equal(rpmvercmp('1é2', '1.2'), 0);
  });

  it('answers -1, 0 or 1 for any strings, and the opposite when they are swapped', () => {
    const r = random(402);
    for (let n = 0; n < 5000; n++) {
      const [a, b] = [randomText(r, 8), randomText(r, 8)];
      const [ab, ba] = [rpmvercmp(a, b), rpmvercmp(b, a)];
      assert.ok([-1, 0, 1].includes(ab) && ba === -ab, `${JSON.stringify([a, b])}: ${ab}, ${ba}`);
    }
  });
});

describe('parseRpmVersion', () => {
  for (const [text = '', name, epoch, version, release, arch] of vectors('parse')) {
    const field = (s = '') => s.replace(/^(['"])(.*)\1$/, '$2');
    it(`parses ${text}`, () => {
      const want: RpmVersion = {
        name: field(name) || undefined,
        epoch: field(epoch) || '0',
        version: field(version),
        release: field(release),
        arch: field(arch) || undefined,
      };
      assert.deepEqual(parseRpmVersion(text), want);
    });
  }

  it('keeps an unknown architecture in the release', () => {
    assert.deepEqual(parseRpmVersion('bash-5.1-1.el9.armv7hl'), {
      name: 'bash',
      epoch: '0',
      version: '5.1',
      release: '1.el9.armv7hl',
      arch: undefined,
    });
  });

  it('reads an empty epoch as 0', () => {
    assert.equal(parseRpmVersion(':1-2').epoch, '0');
  });

  it('rejects a version without a release', () => {
    assert.throws(() => parseRpmVersion('1.0'), {
      name: InvalidInputError.name,
      message: 'rpm version "1.0": no "-" between version and release',
    });
  });

  it('rejects with an InvalidInputError', () => {
    assert.throws(() => parseRpmVersion(''), InvalidInputError);
  });

  it('parses any string with a "-" and rejects any other with an InvalidInputError', () => {
    const r = random(403);
    for (let n = 0; n < 5000; n++) {
      const text = randomText(r, 12);
      if (text.includes('-')) parseRpmVersion(text);
      else assert.throws(() => parseRpmVersion(text), InvalidInputError);
    }
  });
});

describe('compareRpmVersions', () => {
  for (const [a = '', op = '', b = ''] of vectors('compare')) {
    it(`orders ${a} ${op} ${b}, and the other way round`, () => {
      const want = ORDER[op] ?? Number.NaN;
      const [x, y] = [parseRpmVersion(a), parseRpmVersion(b)];
      assert.deepEqual([compareRpmVersions(x, y), compareRpmVersions(y, x)], [want, -want || 0]);
    });
  }
});

describe('rpmEvr', () => {
  it('leaves out a zero epoch', () => {
    assert.equal(rpmEvr(parseRpmVersion('bash-0:5.1-1.el9.x86_64')), '5.1-1.el9');
  });

  it('writes a non-zero epoch', () => {
    assert.equal(rpmEvr(parseRpmVersion('fonts-filesystem-1:2.0.5-12.fc39.noarch')), '1:2.0.5-12.fc39');
  });
});
