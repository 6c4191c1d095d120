import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readNvdFeed } from '../../../../lib/enrichers/cvss/feed-reader.ts';
import { UpstreamError } from '../../../../lib/errors.ts';
import type { EnrichmentRecord } from '../../../../lib/updater/types.ts';
import { CVSS_TESTDATA, nvdFeed } from './nvd-feed.ts';

/** The text as a stream of chunks of the given size. */
async function* chunks(text: string | Buffer, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(text: string | Buffer, size = 4096): Promise<EnrichmentRecord[]> {
  const out: EnrichmentRecord[] = [];
  for await (const r of readNvdFeed(chunks(text, size), 'test.json')) out.push(r);
  return out;
}

describe('NVD feed reader', () => {
  it('reads claircore fixture: rejected skipped, Primary v3.0 over Secondary v3.1, v3.1 when Primary', async () => {
    const text = await readFile(join(CVSS_TESTDATA, 'feed.json'));
    const feed = JSON.parse(text.toString());
    const cvss = (i: number, metric: string, j: number) =>
      feed.vulnerabilities[i].cve.metrics[metric][j].cvssData;
    const got = await read(text);
    assert.deepEqual(got, [
      { tags: ['CVE-2016-2781'], data: cvss(0, 'cvssMetricV30', 0) },
      { tags: ['CVE-2016-3674'], data: cvss(2, 'cvssMetricV31', 0) },
    ]);
    const [first, second] = got.map((r) => r.data as { version: string; baseScore: number });
    assert.deepEqual([first?.version, first?.baseScore], ['3.0', 6.5]);
    assert.deepEqual([second?.version, second?.baseScore], ['3.1', 7.5]);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = await readFile(join(CVSS_TESTDATA, 'feed.json'));
    assert.deepEqual(await read(text, 1), await read(text));
    assert.deepEqual(await read(text, 333), await read(text));
  });

  it('yields records as the document streams in, not only at its end', async () => {
    const cves = Array.from({ length: 50 }, (_, i) => ({
      id: `CVE-2024-${1000 + i}`,
      v31: [['Primary', 7.5]] as const,
    }));
    const text = Buffer.from(nvdFeed(cves));
    let written = 0;
    const source = (async function* () {
      for await (const c of chunks(text, 512)) {
        written += c.length;
        yield c;
      }
    })();
    const reader = readNvdFeed(source, 'big.json');
    const first = await reader.next();
    assert.equal((first.value as EnrichmentRecord).tags[0], 'CVE-2024-1000');
    assert.ok(written < text.length / 2, `first record after ${written} of ${text.length} bytes`);
    await reader.return(undefined);
  });

  const broken: [name: string, text: string, message: RegExp][] = [
    [
      'bad JSON',
      '{"format":"NVD_CVE","vulnerabilities":[{"cve":{"id":"CVE-1"}} x]}',
      /^feed test\.json: malformed JSON: .*position/,
    ],
    [
      'a truncated document',
      nvdFeed([{ id: 'CVE-2024-1000' }]).slice(0, -30),
      /^feed test\.json: truncated after \d+ bytes/,
    ],
    [
      'an empty document',
      '',
      /^feed test\.json: not an NVD CVE feed: no format field, want format "NVD_CVE"$/,
    ],
    ['another JSON document', '{"vulnerabilities":[]}', /not an NVD CVE feed: no format field/],
    ['another format', '{"format":"OSV","vulnerabilities":[]}', /not an NVD CVE feed: format "OSV"/],
    [
      'an item that is not a CVE',
      '{"format":"NVD_CVE","vulnerabilities":[{"cve":{}}]}',
      /^feed test\.json: vulnerabilities\[0\]: want an object \{"cve": \{"id": \.\.\.\}\}, got an object$/,
    ],
    ['a second document after the first', '{"format":"NVD_CVE","vulnerabilities":[]} {}', /malformed JSON/],
  ];
  for (const [name, text, message] of broken) {
    it(`fails ${name} with UpstreamError naming the feed`, async () => {
      await assert.rejects(read(text), (err: Error) => {
        assert.ok(err instanceof UpstreamError, err.message);
        assert.match(err.message, message);
        return true;
      });
    });
  }
});
