import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeedCsv } from '../../../../../lib/ecosystems/rhel/vex/feed-csv.ts';
import {
  formatVexFingerprint,
  parseVexFingerprint,
} from '../../../../../lib/ecosystems/rhel/vex/fingerprint.ts';
import { InvalidInputError } from '../../../../../lib/errors.ts';

describe('rhel-vex feed indexes and fingerprint', () => {
  it('reads changes.csv rows: path, year and time', () => {
    assert.deepEqual(
      parseFeedCsv(
        '"2023/cve-2023-0030.json","2023-12-10T00:00:00+00:00"\r\n2014/cve-2014-1.json,2023-12-12T01:00:00Z\n',
        'changes.csv',
      ),
      [
        { path: '2023/cve-2023-0030.json', year: 2023, updated: new Date('2023-12-10T00:00:00Z') },
        { path: '2014/cve-2014-1.json', year: 2014, updated: new Date('2023-12-12T01:00:00Z') },
      ],
    );
  });

  for (const [text, why] of [
    ['"2023/cve-2023-0030.json"', /changes\.csv line 1: want 2 fields, got 1/],
    [
      '"x/cve-2023-0030.json","2023-12-10T00:00:00+00:00"',
      /line 1: path "x\/cve-2023-0030\.json" is not <year>\/<file>/,
    ],
    [
      '"2023/a.json","2023-12-10T00:00:00+00:00"\n"2023/b.json","yesterday"',
      /line 2: time "yesterday" is not RFC 3339/,
    ],
  ] as const) {
    it(`rejects ${JSON.stringify(text.split('\n').at(-1))}, naming the line`, () => {
      assert.throws(
        () => parseFeedCsv(text, 'changes.csv'),
        (err) => err instanceof InvalidInputError && why.test(err.message),
      );
    });
  }

  it('writes and reads the fingerprint as claircore does', () => {
    const text = String.raw`"abc"\W/"d"\2023-12-11T00:00:00Z\6+ignore_kernel`;
    const fp = parseVexFingerprint(text);
    assert.deepEqual(fp, {
      changesEtag: '"abc"',
      deletionsEtag: 'W/"d"',
      requestTime: new Date('2023-12-11T00:00:00Z'),
      version: '6+ignore_kernel',
    });
    assert.equal(formatVexFingerprint(fp as NonNullable<typeof fp>), text);
  });

  it('reads a fingerprint of another shape as none', () => {
    for (const text of [
      undefined,
      '',
      '{"etag":"x"}',
      String.raw`one\tw\o\2006-01-02T15:04:05Z\1`,
      String.raw`a\b\2006-01-02T15:04:05ZMore\1`,
    ])
      assert.equal(parseVexFingerprint(text), undefined, String(text));
  });
});
