import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { entryVulnerabilities, parseTracker } from '../../../../lib/ecosystems/debian/parser.ts';
import type { Vulnerability } from '../../../../lib/updater/types.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'tracker');
const TRACKER = readFileSync(join(TESTDATA, 'tracker.json'));
const WANT = JSON.parse(readFileSync(join(TESTDATA, 'tracker.want.json'), 'utf8'));
const RELEASES = new Map([
  ['bullseye', '11'],
  ['bookworm', '12'],
  ['trixie', '13'],
]);

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function parse(size: number, releases = RELEASES): Promise<Vulnerability[]> {
  const out: Vulnerability[] = [];
  for await (const v of parseTracker(chunks(TRACKER, size), releases, 'tracker.json')) out.push(v);
  return out;
}

/** As stored and compared: JSON, where undefined fields are absent. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('debian tracker parser', () => {
  it('makes the golden vulnerabilities of the tracker document', async () => {
    assert.deepEqual(asJson(await parse(TRACKER.length)), WANT);
  });

  it('makes the same vulnerabilities when the document comes in 7-byte chunks', async () => {
    assert.deepEqual(asJson(await parse(7)), WANT);
  });

  it('makes one vulnerability per registered release only', async () => {
    const got = await parse(4096, new Map([['bookworm', '12']]));
    assert.equal(got.length, 13);
    assert.ok(got.every((v) => v.dist?.prettyName === 'Debian GNU/Linux 12 (bookworm)'));
  });

  it('makes nothing for releases the feed does not list', async () => {
    assert.deepEqual(await parse(4096, new Map([['hamm', '2']])), []);
  });

  it('leaves the fields the tracker does not give empty', () => {
    const [got] = entryVulnerabilities(
      { package: 'wpa', id: 'TEMP-0000000-2A6C3F', issue: { releases: { bookworm: {} } } },
      RELEASES,
    );
    assert.deepEqual(
      [got?.description, got?.severity, got?.normalizedSeverity, got?.fixedInVersion],
      ['', '', 'Unknown', ''],
    );
    assert.deepEqual(
      [got?.issued, got?.repo, got?.range, got?.archOperation],
      [undefined, undefined, undefined, ''],
    );
  });

  it('keeps "0" as the fixed version of a release never affected', async () => {
    const xz = (await parse(4096)).filter((v) => v.package.name === 'xz-utils');
    assert.deepEqual(
      xz.map((v) => [v.dist?.versionCodeName, v.fixedInVersion]),
      [
        ['bookworm', '0'],
        ['bullseye', '0'],
        ['trixie', '5.6.1+really5.4.5-1'],
      ],
    );
  });

  it('ignores a codename that is an Object.prototype member', () => {
    const got = entryVulnerabilities(
      { package: 'wpa', id: 'TEMP-1', issue: { releases: { constructor: {}, toString: {} } } },
      RELEASES,
    );
    assert.deepEqual(got, []);
  });
});
