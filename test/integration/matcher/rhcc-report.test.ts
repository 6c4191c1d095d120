// Red Hat container images against container advisories stored through the real store: the
// database keeps only advisories whose rhctag range holds the image's minor stream (the version
// filter), the tags decide among those, and images the coalescer left unmatchable are skipped.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import type { IndexReport, WirePackage } from '../../../lib/indexer/index-report.ts';
import type { Vulnerability } from '../../../lib/updater/types.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport, storeVulnerabilities } from '../../helpers/matcher.ts';

const INT32_MAX = 2 ** 31 - 1;
const KEY = 'rhcc-container-repository';
const MANIFEST = `sha256:${'c'.repeat(64)}` as const;
const stream = (major: number, minor: number) => [major, minor, 0, 0, 0, 0, 0, 0, 0, 0];
const text = (kind: string, v: number[]) => `${kind}:${v.join('.')}`;

const source: WirePackage = {
  id: '1',
  name: 'quay-registry-container',
  version: 'v3.5.6-4',
  kind: 'source',
  normalized_version: text('rhctag', stream(3, 5)),
  arch: 'x86_64',
  cpe: '',
};
const image = (id: string, kind: 'binary' | 'ancestry'): WirePackage => ({
  ...source,
  id,
  name: 'quay/quay-rhel8',
  kind,
  source,
});
// A base image below the top one: the rhcc coalescer marked it unmatchable.
const base: WirePackage = {
  id: '4',
  name: 'ubi8/ubi',
  version: '8.4-208',
  kind: 'binary',
  normalized_version: text('unmatchable', stream(8, 4)),
  arch: 'x86_64',
  cpe: '',
};

const env = (layer: string) => [
  {
    package_db: 'root/buildinfo/Dockerfile',
    introduced_in: layer,
    distribution_id: '',
    repository_ids: ['1'],
  },
];
const REPORT: IndexReport = {
  manifest_hash: MANIFEST,
  state: 'IndexFinished',
  packages: { '1': source, '2': image('2', 'binary'), '3': image('3', 'ancestry'), '4': base },
  distributions: {},
  repository: {
    '1': {
      id: '1',
      name: 'Red Hat Container Catalog',
      key: KEY,
      uri: 'https://catalog.redhat.com/software/containers/explore',
      cpe: '',
    },
  },
  environments: {
    '1': env(`sha256:${'2'.repeat(64)}`),
    '2': env(`sha256:${'2'.repeat(64)}`),
    '3': env(`sha256:${'2'.repeat(64)}`),
    '4': env(`sha256:${'1'.repeat(64)}`),
  },
  success: true,
  err: '',
};

/** A container advisory as the VEX updater stores one: the image's stream as an rhctag range. */
function advisory(
  name: string,
  pkg: { name: string; kind: 'binary' | 'source' },
  fixed: string,
  range: { lower: number[]; upper: number[] } | undefined,
): Vulnerability {
  return {
    name,
    description: '',
    issued: undefined,
    links: '',
    severity: '',
    normalizedSeverity: 'High',
    package: { name: pkg.name, version: '', module: '', arch: '', kind: pkg.kind },
    dist: undefined,
    repo: { name: 'cpe:/a:redhat:quay:3::el8', key: KEY, uri: '' },
    fixedInVersion: fixed,
    archOperation: '',
    range: range === undefined ? undefined : { kind: 'rhctag', ...range },
  };
}
const minorStream = (major: number, minor: number) => ({
  lower: stream(major, minor),
  upper: [major, minor, INT32_MAX, 0, 0, 0, 0, 0, 0, 0],
});
const IMAGE = { name: 'quay/quay-rhel8', kind: 'binary' } as const;

describe('rhcc vulnerability reports', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  const { log } = captureLog();
  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
    await storeIndexReport(db, REPORT);
  });
  after(() => store.close());
  beforeEach(() => clearUpdates(db));

  /** Package id -> advisory names the report gives it. */
  async function matched(): Promise<Record<string, string[]>> {
    const { status, report } = await getVulnerabilityReport(db, log, MANIFEST);
    assert.equal(status, 200);
    assert.ok(report !== undefined);
    return Object.fromEntries(
      Object.entries(report.package_vulnerabilities).map(([pkg, ids]) => [
        pkg,
        ids.map((id) => report.vulnerabilities[id]?.name ?? id).sort(),
      ]),
    );
  }

  it("matches only advisories whose range holds the image's stream, then compares tags", async () => {
    await storeVulnerabilities(db, 'rhel-vex', [
      advisory('CVE-SAME-STREAM-FIXED-LATER', IMAGE, 'v3.5.7-8', minorStream(3, 5)),
      advisory('CVE-SAME-STREAM-FIXED-BEFORE', IMAGE, 'v3.5.5-1', minorStream(3, 5)),
      // Vulnerable by its tag alone: only the range keeps it out.
      advisory('CVE-NEXT-STREAM', IMAGE, 'v3.6.2-1', minorStream(3, 6)),
      advisory('CVE-OTHER-MAJOR', IMAGE, 'v4.5.9-1', minorStream(4, 5)),
      // The lowest stream of an image reset to 0.0.0 covers older streams too.
      advisory('CVE-FROM-ZERO', IMAGE, 'v3.6.1-1', { lower: stream(0, 0), upper: minorStream(3, 6).upper }),
      advisory('CVE-NO-RANGE', IMAGE, '', undefined),
      advisory('CVE-BASE-IMAGE', { name: 'ubi8/ubi', kind: 'binary' }, '', minorStream(8, 4)),
    ]);
    assert.deepEqual(await matched(), { '2': ['CVE-FROM-ZERO', 'CVE-SAME-STREAM-FIXED-LATER'] });
  });

  it('matches a known-affected advisory naming the source package, unfixed, over every stream', async () => {
    const everything = { lower: stream(0, 0), upper: stream(INT32_MAX, INT32_MAX) };
    await storeVulnerabilities(db, 'rhel-vex', [
      advisory('CVE-KNOWN-AFFECTED', { name: 'quay-registry-container', kind: 'source' }, '', everything),
    ]);
    assert.deepEqual(await matched(), {
      '1': ['CVE-KNOWN-AFFECTED'],
      '2': ['CVE-KNOWN-AFFECTED'],
      '3': ['CVE-KNOWN-AFFECTED'],
    });
  });
});
