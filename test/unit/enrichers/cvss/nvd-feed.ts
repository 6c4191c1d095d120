// Small NVD API 2.0 feeds and .meta files written for tests, shaped as NVD's (and as the
// claircore fixture in testdata/): the real year feeds are far too large to keep.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const CVSS_TESTDATA = join(import.meta.dirname, 'testdata');

type Metric = readonly [type: 'Primary' | 'Secondary', baseScore: number];

export type FeedCve = {
  readonly id: string;
  readonly status?: string;
  readonly v31?: readonly Metric[];
  readonly v30?: readonly Metric[];
  readonly v2?: readonly Metric[];
  readonly v40?: readonly Metric[];
};

/** The cvssData NVD would give for a score: what a record of this CVE holds. */
export function cvssData(version: string, baseScore: number): Record<string, unknown> {
  return {
    version,
    vectorString: `CVSS:${version}/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`,
    baseScore,
    baseSeverity: baseScore >= 9 ? 'CRITICAL' : 'HIGH',
  };
}

const metrics = (version: string, list: readonly Metric[] | undefined) =>
  list?.map(([type, score]) => ({ source: 'nvd@nist.gov', type, cvssData: cvssData(version, score) }));

/** A feed document holding these CVEs. */
export function nvdFeed(cves: readonly FeedCve[]): string {
  return JSON.stringify({
    resultsPerPage: cves.length,
    startIndex: 0,
    totalResults: cves.length,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp: '2025-08-07T03:01:40.660439',
    vulnerabilities: cves.map((c) => ({
      cve: {
        id: c.id,
        sourceIdentifier: 'cve@mitre.org',
        vulnStatus: c.status ?? 'Analyzed',
        descriptions: [{ lang: 'en', value: `${c.id} is a test CVE.` }],
        metrics: {
          cvssMetricV40: metrics('4.0', c.v40),
          cvssMetricV31: metrics('3.1', c.v31),
          cvssMetricV30: metrics('3.0', c.v30),
          cvssMetricV2: metrics('2.0', c.v2),
        },
        references: [{ url: `https://example.test/${c.id}` }],
      },
    })),
  });
}

/** The .meta file of a feed document, with NVD's CRLF line ends. */
export function nvdMeta(json: string, sha256 = createHash('sha256').update(json).digest('hex')): string {
  return [
    'lastModifiedDate:2025-08-07T03:01:41-04:00',
    `size:${Buffer.byteLength(json)}`,
    'zipSize:1',
    'gzSize:1',
    `sha256:${sha256.toUpperCase()}`,
    '',
  ].join('\r\n');
}
