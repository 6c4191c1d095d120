import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RangeEvent } from '../../../../lib/ecosystems/osv/advisory.ts';
import {
  compareVersions,
  type EncodedRange,
  fixedRanges,
  queryRanges,
  semverRanges,
} from '../../../../lib/ecosystems/osv/ranges.ts';

const introduced = (version: string): RangeEvent => ({ kind: 'introduced', version });
const fixed = (version: string): RangeEvent => ({ kind: 'fixed', version });
const lastAffected = (version: string): RangeEvent => ({ kind: 'last_affected', version });
const limit = (version: string): RangeEvent => ({ kind: 'limit', version });

const v = (major: number, minor: number, patch: number): number[] => [
  0,
  major,
  minor,
  patch,
  0,
  0,
  0,
  0,
  0,
  0,
];
const BELOW = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const ABOVE = [65535, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const semver = (fixedInVersion: string, lower: number[], upper: number[]): EncodedRange => ({
  fixedInVersion,
  range: { kind: 'semver', lower, upper },
});

describe('osv SEMVER ranges', () => {
  const cases: { name: string; events: RangeEvent[]; want: EncodedRange[] }[] = [
    {
      name: 'introduced "0" to fixed',
      events: [introduced('0'), fixed('1.6.0')],
      want: [semver('1.6.0', BELOW, v(1, 6, 0))],
    },
    {
      name: 'an introduced version to fixed',
      events: [introduced('1.2.0'), fixed('1.2.5')],
      want: [semver('1.2.5', v(1, 2, 0), v(1, 2, 5))],
    },
    {
      name: 'each introduced starting a range',
      events: [introduced('0'), fixed('1.18.6'), introduced('1.19.0-0'), fixed('1.19.1')],
      want: [semver('1.18.6', BELOW, v(1, 18, 6)), semver('1.19.1', v(1, 19, 0), v(1, 19, 1))],
    },
    {
      name: 'no fix as unbounded above',
      events: [introduced('0')],
      want: [semver('', BELOW, ABOVE)],
    },
    {
      name: 'a trailing introduced as its own range, unbounded above',
      events: [introduced('1.0.0'), fixed('1.0.4'), introduced('2.0.0')],
      want: [semver('1.0.4', v(1, 0, 0), v(1, 0, 4)), semver('', v(2, 0, 0), ABOVE)],
    },
    {
      name: 'last_affected as the next patch, with no fixed version',
      events: [introduced('0'), lastAffected('1.11.0')],
      want: [semver('', BELOW, v(1, 11, 1))],
    },
    {
      name: 'a prerelease last_affected as its release',
      events: [introduced('0'), lastAffected('2.0.0-beta.3')],
      want: [semver('', BELOW, v(2, 0, 0))],
    },
    {
      name: 'limit "*" as unbounded above',
      events: [introduced('3.0.0'), limit('*')],
      want: [semver('', v(3, 0, 0), ABOVE)],
    },
    {
      name: 'the fixed text kept as written, v prefix and prerelease included',
      events: [introduced('0'), fixed('v2.1.0-rc.2')],
      want: [semver('v2.1.0-rc.2', BELOW, v(2, 1, 0))],
    },
    {
      name: 'a pseudo-version fix of 0.0.0 as an empty range, kept',
      events: [introduced('0'), fixed('0.0.0-20220906165146-f3363e06e74c')],
      want: [semver('0.0.0-20220906165146-f3363e06e74c', BELOW, BELOW)],
    },
    {
      name: 'an unreadable fixed version as unbounded above, with no fixed version',
      events: [introduced('1.0.0'), fixed('not-a-version')],
      want: [semver('', v(1, 0, 0), ABOVE)],
    },
    {
      name: 'an unreadable introduced version as unbounded below',
      events: [introduced('abc'), fixed('1.0.0')],
      want: [semver('1.0.0', BELOW, v(1, 0, 0))],
    },
    { name: 'an inverted range as nothing', events: [introduced('2.0.0'), fixed('1.0.0')], want: [] },
    { name: 'no events as nothing', events: [], want: [] },
  ];
  for (const { name, events, want } of cases) {
    it(`encodes ${name}`, () => {
      assert.deepEqual(semverRanges(events), want);
    });
  }
});

describe('osv ECOSYSTEM ranges as query strings (Maven, PyPI, RubyGems)', () => {
  const q = (fixedInVersion: string): EncodedRange => ({ fixedInVersion, range: undefined });
  const cases: { name: string; events: RangeEvent[]; want: EncodedRange[] }[] = [
    { name: 'introduced "0" to fixed', events: [introduced('0'), fixed('3.8.6')], want: [q('fixed=3.8.6')] },
    {
      name: 'keys sorted: fixed before introduced',
      events: [introduced('1.606'), fixed('2.426.3')],
      want: [q('fixed=2.426.3&introduced=1.606')],
    },
    {
      name: 'last_affected as lastAffected',
      events: [introduced('0'), lastAffected('1.11.0')],
      want: [q('lastAffected=1.11.0')],
    },
    {
      name: 'introduced and last_affected',
      events: [introduced('1.0'), lastAffected('1.5')],
      want: [q('introduced=1.0&lastAffected=1.5')],
    },
    { name: 'introduced "0" alone as always affected', events: [introduced('0')], want: [q('')] },
    { name: 'an introduced version alone', events: [introduced('2.0')], want: [q('introduced=2.0')] },
    {
      name: 'each introduced starting a range',
      events: [
        introduced('2.16.0'),
        fixed('2.16.3'),
        introduced('2.15.0'),
        fixed('2.15.9'),
        introduced('0'),
        fixed('2.14.4'),
      ],
      want: [q('fixed=2.16.3&introduced=2.16.0'), q('fixed=2.15.9&introduced=2.15.0'), q('fixed=2.14.4')],
    },
    {
      name: 'versions query-escaped as Go does',
      events: [introduced('1.0 beta'), fixed('2.0+build/1&x=!')],
      want: [q('fixed=2.0%2Bbuild%2F1%26x%3D%21&introduced=1.0+beta')],
    },
  ];
  for (const { name, events, want } of cases) {
    it(`encodes ${name}`, () => {
      assert.deepEqual(queryRanges(events), want);
    });
  }
});

describe('osv ECOSYSTEM ranges of other ecosystems', () => {
  it('carries the fixed version of each range', () => {
    const events = [
      introduced('0'),
      fixed('1.2.0'),
      introduced('2.0.0'),
      fixed('2.0.3'),
      introduced('3.0.0'),
    ];

    assert.deepEqual(
      fixedRanges(events).map((r) => r.fixedInVersion),
      ['1.2.0', '2.0.3', ''],
    );
  });

  it('carries no range', () => {
    assert.deepEqual(fixedRanges([introduced('0'), fixed('1.0')]), [
      { fixedInVersion: '1.0', range: undefined },
    ]);
  });
});

describe('normalised version order', () => {
  it('compares element by element', () => {
    assert.equal(compareVersions(v(1, 2, 3), v(1, 2, 3)), 0);
    assert.equal(compareVersions(v(1, 2, 3), v(1, 10, 0)), -1);
    assert.equal(compareVersions(ABOVE, v(9999, 0, 0)), 1);
  });
});
