// Maven versions: every line of claircore's internal/maven/testdata/compare.list (the Maven wiki and
// ComparableVersionTest), both ways round, plus the ComparableVersion 3.8.7 corners that list misses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareMavenVersions } from '../../../lib/versions/maven.ts';
import { random } from '../../helpers/prng.ts';

const ORDER: Readonly<Record<string, number>> = { '<': -1, '==': 0, '>': 1 };

/** `a op b` per line, skipping blank lines and `#` comments. */
const VECTORS = readFileSync(join(import.meta.dirname, 'testdata', 'maven', 'compare.list'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => line.trim().split(/\s+/));

/**
 * Vector lines where Maven 3.8.7's ComparableVersion, our reference, answers otherwise. The line
 * comes from github.com/masahiro331/go-mvn-version, which claircore follows.
 */
const DIFFERENCES: Readonly<Record<string, { want: number; reason: string }>> = {
  '2.0.a < 2.0.0.a': {
    want: 0,
    reason: 'Maven 3.8.7 drops the zeros before a trailing qualifier: both are [2, [a]]',
  },
};

describe('maven versions', () => {
  it('reads all 84 vectors', () => {
    assert.equal(VECTORS.length, 84);
  });

  for (const [a = '', op = '', b = ''] of VECTORS) {
    const difference = DIFFERENCES[`${a} ${op} ${b}`];
    const title =
      difference === undefined
        ? `${a} ${op} ${b}`
        : `${a} vs ${b} as Maven 3.8.7 does (${difference.reason})`;
    it(`orders ${title}, both ways round`, () => {
      const want = difference?.want ?? ORDER[op];
      assert.notEqual(want, undefined, `unknown operator ${op}`);
      assert.equal(compareMavenVersions(a, b), want);
      assert.equal(compareMavenVersions(b, a), -(want ?? 0) || 0);
    });
  }

  const corners: { name: string; a: string; b: string; want: number }[] = [
    { name: 'an empty version is 0', a: '', b: '0', want: 0 },
    { name: 'trailing separators add nothing', a: '1.', b: '1-', want: 0 },
    {
      name: 'an item of ten or more digits outranks a shorter one, even when it is zero',
      a: '1.0000000000.1',
      b: '1.0.1',
      want: 1,
    },
    { name: 'an all-zero item is still dropped at the end', a: '1.0000000000', b: '1', want: 0 },
    {
      name: 'numbers past 64 bits compare exactly',
      a: '12345678901234567891',
      b: '12345678901234567890',
      want: 1,
    },
    { name: 'a trailing ".x" reads as "-x"', a: '1.x', b: '1-x', want: 0 },
    { name: 'a qualifier after "." followed by a number nests like "-"', a: '1.a1', b: '1-a1', want: 0 },
    { name: 'ga, final and release are the release itself', a: '1-ga', b: '1-final', want: 0 },
    { name: 'sp sorts above the release', a: '1-sp', b: '1', want: 1 },
    { name: 'a number sorts above sp', a: '1-1', b: '1-sp', want: 1 },
    {
      name: 'a, b and m stand for alpha, beta and milestone only before a number',
      a: '1a',
      b: '1alpha',
      want: 1,
    },
    { name: 'unknown qualifiers sort above known ones, then as text', a: '1-abc', b: '1-sp', want: 1 },
    { name: 'letters compare case-insensitively', a: '1-ABC', b: '1-abc', want: 0 },
    { name: 'other scripts compare as text after lower-casing', a: '1-É', b: '1-z', want: 1 },
    { name: 'any decimal digit is a digit', a: '1.٢', b: '1.2', want: 0 },
    { name: 'fullwidth digits count too', a: '１０', b: '10', want: 0 },
  ];
  for (const { name, a, b, want } of corners) {
    it(`${name}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      assert.equal(compareMavenVersions(a, b), want);
      assert.equal(compareMavenVersions(b, a), -want || 0);
    });
  }

  it('orders any string against itself as equal and both ways round consistently', () => {
    const r = random(36);
    const alphabet = [...'0123456789.-.-abcmrsABC', 'alpha', 'sp', 'ga', '٣', '\u0000', '😀'];
    for (let i = 0; i < 2000; i++) {
      const text = (n: number): string =>
        Array.from({ length: n }, () => alphabet[r.int(alphabet.length)]).join('');
      const [a, b] = [text(r.int(12)), text(r.int(12))];
      assert.equal(compareMavenVersions(a, a), 0, a);
      assert.equal(compareMavenVersions(a, b), -compareMavenVersions(b, a) || 0, `${a} vs ${b}`);
    }
  });
});
