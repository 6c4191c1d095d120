// Go module versions: golang.org/x/mod/semver's reading and order, pseudo-versions as prereleases
// of the next release (which claircore gets wrong, section 5.8), and module.IsPseudoVersion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareGoVersions,
  type GoVersion,
  isGoPseudoVersion,
  parseGoVersion,
} from '../../../lib/versions/go.ts';
import { type Chain, orderChains, readsOrRefuses } from '../../helpers/version-order.ts';

const compare = (a: string, b: string): number => compareGoVersions(parseGoVersion(a), parseGoVersion(b));

describe('go version parse', () => {
  const cases: { text: string; want: GoVersion }[] = [
    { text: 'v1.2.3', want: { major: 1n, minor: 2n, patch: 3n, prerelease: '', build: '' } },
    { text: '1.2.3', want: { major: 1n, minor: 2n, patch: 3n, prerelease: '', build: '' } },
    { text: 'v1', want: { major: 1n, minor: 0n, patch: 0n, prerelease: '', build: '' } },
    { text: 'v1.2', want: { major: 1n, minor: 2n, patch: 0n, prerelease: '', build: '' } },
    {
      text: 'v2.0.0+incompatible',
      want: { major: 2n, minor: 0n, patch: 0n, prerelease: '', build: 'incompatible' },
    },
    {
      text: 'v0.0.0-20230101120000-abcdef123456',
      want: { major: 0n, minor: 0n, patch: 0n, prerelease: '20230101120000-abcdef123456', build: '' },
    },
    {
      text: 'v1.2.3-rc.1+meta.2',
      want: { major: 1n, minor: 2n, patch: 3n, prerelease: 'rc.1', build: 'meta.2' },
    },
    {
      text: 'v18446744073709551617.0.0',
      want: { major: 18446744073709551617n, minor: 0n, patch: 0n, prerelease: '', build: '' },
    },
  ];
  for (const { text, want } of cases) {
    it(`reads ${text}`, () => {
      assert.deepEqual(parseGoVersion(text), want);
    });
  }

  const invalid = [
    ...['', 'v', 'V1.2.3', 'vv1.2.3', 'v01.2.3', 'v1.02.3', 'v1.2.03', 'v1.2.3.4', 'v1.2-pre', 'v1+meta'],
    ...['v1.2.3-', 'v1.2.3-01', 'v1.2.3-a..b', 'v1.2.3+', 'v1.2.3+a..b', 'v1.2.3-a_b', ' v1.2.3', 'latest'],
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseGoVersion(text), {
        name: 'InvalidInputError',
        message: `Go version ${JSON.stringify(text)}: want vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]] without leading zeros`,
      });
    });
  }

  readsOrRefuses(parseGoVersion, [...'v0123456789.-+aZ_ '], 14, 1011);
});

describe('go version order', () => {
  const chains: Chain[] = [
    {
      name: 'a pseudo-version after v1.2.3 below v1.2.4',
      ascending: [
        'v1.2.3',
        'v1.2.4-0.20230101120000-abcdef123456',
        'v1.2.4-0.20230102000000-000000000000',
        'v1.2.4',
      ],
    },
    {
      name: 'a pseudo-version on a prerelease between it and the next prerelease',
      ascending: ['v1.2.4-pre', 'v1.2.4-pre.0.20230101120000-abcdef123456', 'v1.2.4-pre.1', 'v1.2.4'],
    },
    {
      name: 'a pseudo-version with no tag below every release',
      ascending: [
        'v0.0.0-20190101000000-abcdef123456',
        'v0.0.0-20230101120000-abcdef123456',
        'v0.0.0',
        'v0.0.1',
      ],
    },
    {
      name: 'semver prerelease precedence',
      ascending: [
        'v1.0.0-alpha',
        'v1.0.0-alpha.1',
        'v1.0.0-alpha.beta',
        'v1.0.0-beta.2',
        'v1.0.0-beta.11',
        'v1.0.0',
      ],
    },
    {
      name: 'numbers of any length',
      ascending: ['v9.0.0', 'v10.0.0', 'v18446744073709551616.0.0', 'v18446744073709551617.0.0'],
    },
  ];
  orderChains(compare, chains);

  const equal: { name: string; a: string; b: string }[] = [
    { name: 'ignores +incompatible', a: 'v2.3.4+incompatible', b: 'v2.3.4' },
    { name: 'reads shorthands as .0', a: 'v1.2', b: 'v1.2.0' },
    {
      name: 'reads a version without v as OSV gives it',
      a: '1.2.4-0.20230101120000-abcdef123456',
      b: 'v1.2.4-0.20230101120000-abcdef123456',
    },
  ];
  for (const { name, a, b } of equal) {
    it(`${name}: ${a} == ${b}`, () => {
      assert.equal(compare(a, b), 0);
    });
  }
});

describe('isGoPseudoVersion', () => {
  const cases: { text: string; want: boolean }[] = [
    { text: 'v0.0.0-20230101120000-abcdef123456', want: true },
    { text: 'v1.2.4-0.20230101120000-abcdef123456', want: true },
    { text: 'v1.2.3-pre.0.20230101120000-abcdef123456', want: true },
    { text: 'v1.2.4-0.20230101120000-abcdef123456+incompatible', want: true },
    { text: '0.0.0-20220906165146-f3363e06e74c', want: true },
    { text: 'v1.2.3', want: false },
    { text: 'v1.2.3-rc.1', want: false },
    { text: 'v1.2.4-1.20230101120000-abcdef123456', want: false },
    { text: 'v1.2.3-20230101120000-abcdef123456', want: false },
    { text: 'v0.0.0-2023010112000-abcdef123456', want: false },
    { text: 'v0.0.0-20230101120000-abc_def', want: false },
    { text: 'v1.2.4-0.020230101120000-abcdef123456', want: false },
    { text: 'not a version', want: false },
  ];
  for (const { text, want } of cases) {
    it(`${want ? 'recognises' : 'rejects'} ${text}`, () => {
      assert.equal(isGoPseudoVersion(text), want);
    });
  }
});
