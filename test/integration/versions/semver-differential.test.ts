// SemVer 2.0 precedence checked against npm's `semver` package (strict mode) on generated and
// hand-picked pairs of valid versions, weighted to prerelease identifiers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import semver from 'semver';
import { compareSemver, parseSemver, type Semver } from '../../../lib/versions/semver.ts';
import { type Random, random } from '../../helpers/prng.ts';

/**
 * Where we deliberately answer differently from npm's semver. Each rule names the pairs it
 * excuses; the test fails if a rule excuses nothing, so the list stays true.
 */
const DELIBERATE: readonly {
  reason: string;
  example: readonly [string, string];
  applies: (a: string, b: string) => boolean;
}[] = [
  {
    reason:
      'npm semver compares numeric prerelease identifiers as JavaScript numbers, so ones past 2^53 that round ' +
      'to the same double compare equal; SemVer 2.0 compares them as integers, and so do we',
    example: ['1.0.0-9007199254740993', '1.0.0-9007199254740992'],
    applies: (a, b) =>
      semver.compare(a, b) === 0 && firstDifference(a, b).every((id) => Number(id) > Number.MAX_SAFE_INTEGER),
  },
];

/** The first pair of prerelease identifiers that differ as text. */
function firstDifference(a: string, b: string): string[] {
  const ids = (v: string): string[] => (semver.prerelease(v) ?? []).map(String);
  const [left, right] = [ids(a), ids(b)];
  const at = left.findIndex((id, i) => id !== right[i]);
  return at === -1 ? [] : [left[at] ?? '', right[at] ?? ''];
}

/** Hand-picked: the SemVer 2.0 precedence chain and the corners of identifier ordering. */
const TRICKY: readonly (readonly [string, string])[] = [
  ['1.0.0-alpha', '1.0.0-alpha.1'],
  ['1.0.0-alpha.1', '1.0.0-alpha.beta'],
  ['1.0.0-alpha.beta', '1.0.0-beta'],
  ['1.0.0-beta', '1.0.0-beta.2'],
  ['1.0.0-beta.2', '1.0.0-beta.11'],
  ['1.0.0-beta.11', '1.0.0-rc.1'],
  ['1.0.0-rc.1', '1.0.0'],
  ['1.0.0', '2.0.0'],
  ['2.0.0', '2.1.0'],
  ['2.1.0', '2.1.1'],
  ['1.0.0+build.1', '1.0.0+build.2'],
  ['1.0.0-rc.1+build.1', '1.0.0-rc.1'],
  ['1.0.0-1', '1.0.0-a'],
  ['1.0.0-Z', '1.0.0-a'],
  ['1.0.0--', '1.0.0-0'],
  ['1.0.0-a-b', '1.0.0-a'],
  ['1.0.0-1a', '1.0.0-2'],
  ['1.0.0-0', '1.0.0-00a'],
  ['1.0.0-9007199254740993', '1.0.0-9007199254740992'],
  ['1.0.0-18446744073709551616', '1.0.0-18446744073709551615'],
  ['1.0.0-99999999999999999999', '1.0.0-a'],
  ['2147483647.0.0', '2147483646.9.9'],
  ['v1.0.0', '1.0.0'],
];

const pick = <T>(r: Random, items: readonly T[]): T => items[r.int(items.length)] as T;
const NUMBERS = ['0', '0', '1', '1', '2', '10', '11', '2147483647'];
const IDENTIFIERS = [
  ...['alpha', 'beta', 'rc', 'a', 'b', 'Z', 'z', 'x-y', '-', '--', 'a1', '1a', '0a', '00a', 'alpha-1', 'RC'],
  ...['0', '1', '2', '9', '10', '11', '100'],
  ...['9007199254740991', '9007199254740992', '9007199254740993', '9007199254740994', '18446744073709551616'],
  ...['18446744073709551617', '99999999999999999999'],
];

function version(r: Random): string {
  const main = [pick(r, NUMBERS), pick(r, NUMBERS), pick(r, NUMBERS)].join('.');
  const prerelease =
    r.int(4) === 0 ? '' : `-${Array.from({ length: 1 + r.int(4) }, () => pick(r, IDENTIFIERS)).join('.')}`;
  const build = r.int(5) === 0 ? `+${pick(r, ['build', '1', '001', 'sha.5114f85', 'x-y'])}` : '';
  return `${r.int(10) === 0 ? 'v' : ''}${main}${prerelease}${build}`;
}

describe('semver against npm semver', () => {
  it('orders every generated and hand-picked pair of valid versions as npm semver does', () => {
    const r = random(200);
    const pairs: (readonly [string, string])[] = [...TRICKY];
    for (let i = 0; i < 20000; i++) {
      const a = version(r);
      // Most pairs share the main version, so the prerelease decides.
      const b = r.int(4) === 0 ? version(r) : a.replace(/[-+].*$/, '') + version(r).replace(/^[^-+]*/, '');
      pairs.push([a, b]);
    }
    const problems: string[] = [];
    const excused = new Map(DELIBERATE.map((rule) => [rule, 0]));
    for (const [a, b] of pairs) {
      assert.ok(semver.valid(a) !== null && semver.valid(b) !== null, `${a} or ${b} is not strict SemVer`);
      const [left, right] = [parseSemver(a), parseSemver(b)];
      assert.ok(left !== undefined && right !== undefined, `we do not read ${a} or ${b}`);
      const ours = compareSemver(left, right);
      const theirs = semver.compare(a, b, { loose: false });
      if (ours === theirs) continue;
      const rule = DELIBERATE.find((candidate) => candidate.applies(a, b));
      if (rule === undefined) problems.push(`${a} vs ${b}: ours ${ours}, npm semver ${theirs}`);
      else excused.set(rule, (excused.get(rule) ?? 0) + 1);
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} disagreements`);
    for (const [rule, count] of excused) assert.ok(count > 0, `no pair needs: ${rule.reason}`);
  });

  for (const { reason, example } of DELIBERATE) {
    it(`differs deliberately on ${example.join(' vs ')}`, () => {
      const [a, b] = example;
      assert.notEqual(
        compareSemver(parseSemver(a) as Semver, parseSemver(b) as Semver),
        semver.compare(a, b),
        reason,
      );
    });
  }
});
