import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cvssRecord } from '../../../../lib/enrichers/cvss/cvss-record.ts';
import { UpstreamError } from '../../../../lib/errors.ts';
import { cvssData, type FeedCve, nvdFeed } from './nvd-feed.ts';

const item = (cve: FeedCve): unknown => JSON.parse(nvdFeed([cve])).vulnerabilities[0];
const record = (cve: FeedCve) => cvssRecord(item(cve), 'here');

describe('clair.cvss record of one CVE', () => {
  const cases: [name: string, cve: FeedCve, want: Record<string, unknown> | undefined][] = [
    ['the Primary v3.1 metric', { id: 'CVE-1', v31: [['Primary', 9.8]] }, cvssData('3.1', 9.8)],
    [
      'v3.1 over v3.0 when both are Primary',
      { id: 'CVE-1', v31: [['Primary', 7.5]], v30: [['Primary', 9.8]] },
      cvssData('3.1', 7.5),
    ],
    [
      'the Primary v3.0 metric over a Secondary v3.1 one',
      { id: 'CVE-1', v31: [['Secondary', 4.6]], v30: [['Primary', 6.5]] },
      cvssData('3.0', 6.5),
    ],
    [
      'the first Primary metric of a list',
      {
        id: 'CVE-1',
        v31: [
          ['Secondary', 4.6],
          ['Primary', 8.1],
          ['Primary', 9.1],
        ],
      },
      cvssData('3.1', 8.1),
    ],
    ['nothing from Secondary metrics only', { id: 'CVE-1', v31: [['Secondary', 4.6]] }, undefined],
    [
      'nothing from v2 or v4 metrics',
      { id: 'CVE-1', v2: [['Primary', 5]], v40: [['Primary', 9.3]] },
      undefined,
    ],
    ['nothing without metrics', { id: 'CVE-1' }, undefined],
    ['nothing for a rejected CVE', { id: 'CVE-1', status: 'Rejected', v31: [['Primary', 9.8]] }, undefined],
    [
      'nothing for a rejected CVE in any case',
      { id: 'CVE-1', status: 'REJECTED', v31: [['Primary', 9.8]] },
      undefined,
    ],
    ['a deferred CVE', { id: 'CVE-1', status: 'Deferred', v30: [['Primary', 6.5]] }, cvssData('3.0', 6.5)],
  ];
  for (const [name, cve, want] of cases) {
    it(`takes ${name}`, () => {
      assert.deepEqual(record(cve), want === undefined ? undefined : { tags: ['CVE-1'], data: want });
    });
  }

  it('fails metrics that are not lists, naming the CVE', () => {
    assert.throws(
      () =>
        cvssRecord({ cve: { id: 'CVE-1', metrics: { cvssMetricV31: {} } } }, 'feed x: vulnerabilities[3]'),
      (err: Error) =>
        err instanceof UpstreamError &&
        err.message === 'feed x: vulnerabilities[3]: CVE-1: metrics.cvssMetricV31 is an object, want a list',
    );
  });
});
