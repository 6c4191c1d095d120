// Acceptance: claircore's rhacs-main-rhel8 index report, stored as the indexer stores reports,
// against Red Hat VEX documents loaded by the real rhel-vex updater from a loopback archive: the
// real documents of claircore's testdata (curl is known not affected in RHEL 8) and documents
// written here in the same CSAF form about packages of the image. Each package must be reported
// for exactly the CVEs that mark it affected, or fixed in a later version, for a product whose CPE
// covers the package's repository; known-not-affected ones never.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zstdCompressSync } from 'node:zlib';
import { rhelVexUpdaterSet } from '../../../lib/ecosystems/rhel/vex/updater.ts';
import type { IndexReport, WirePackage } from '../../../lib/indexer/index-report.ts';
import { compareRpmVersions, parseRpmVersion } from '../../../lib/versions/rpm.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport } from '../../helpers/matcher.ts';
import { updaterEngine } from '../../helpers/updater-context.ts';

const REPORT = JSON.parse(
  readFileSync(join(import.meta.dirname, 'testdata', 'rhacs-main-rhel8.index.json'), 'utf8'),
) as IndexReport;
const VEX = join(import.meta.dirname, '../../unit/ecosystems/rhel/testdata/vex');
const REAL_DOCUMENTS = ['cve-2023-38545.json', 'cve-2023-4154.json', 'cve-2024-24786-simple.json'];

/** The products the written documents name, as Red Hat's documents name them. */
const PRODUCTS = {
  rhel8: {
    id: 'red_hat_enterprise_linux_8',
    name: 'Red Hat Enterprise Linux 8',
    cpe: 'cpe:/o:redhat:enterprise_linux:8',
  },
  baseos8: {
    id: 'BaseOS-8.10.0.Z.MAIN',
    name: 'Red Hat Enterprise Linux BaseOS (v. 8)',
    cpe: 'cpe:/o:redhat:enterprise_linux:8::baseos',
  },
  appstream8: {
    id: 'AppStream-8.10.0.Z.MAIN',
    name: 'Red Hat Enterprise Linux AppStream (v. 8)',
    cpe: 'cpe:/a:redhat:enterprise_linux:8::appstream',
  },
  baseos9: {
    id: 'BaseOS-9.4.0.Z.MAIN',
    name: 'Red Hat Enterprise Linux BaseOS (v. 9)',
    cpe: 'cpe:/o:redhat:enterprise_linux:9::baseos',
  },
} as const;

type Entry = {
  readonly status: 'fixed' | 'known_affected' | 'known_not_affected';
  readonly product: keyof typeof PRODUCTS;
  readonly name: string;
  /** Fixed entries: epoch:version-release, arch and module. */
  readonly evr?: string;
  readonly arch?: string;
  readonly module?: string;
};

/** A CSAF VEX document of one CVE, shaped as Red Hat's (product tree, relationships, statuses). */
function vexDocument(cve: string, entries: readonly Entry[]): unknown {
  const components = entries.map((e) => {
    if (e.evr === undefined) return { id: e.name, purl: `pkg:rpm/redhat/${e.name}` };
    const [, epoch = '0', vr = ''] = /^(\d+):(.*)$/.exec(e.evr) ?? [];
    const qualifiers = [`arch=${e.arch}`, ...(epoch === '0' ? [] : [`epoch=${epoch}`])];
    if (e.module !== undefined) qualifiers.push(`rpmmod=${encodeURIComponent(e.module)}`);
    return {
      id: `${e.name}-${e.evr}.${e.arch}`,
      purl: `pkg:rpm/redhat/${e.name}@${vr}?${qualifiers.join('&')}`,
    };
  });
  const productId = (e: Entry, i: number) => `${PRODUCTS[e.product].id}:${components[i]?.id}`;
  const status = (s: Entry['status']) => entries.flatMap((e, i) => (e.status === s ? [productId(e, i)] : []));
  const all = entries.map(productId);
  return {
    document: {
      category: 'csaf_vex',
      csaf_version: '2.0',
      aggregate_severity: {
        namespace: 'https://access.redhat.com/security/updates/classification/',
        text: 'moderate',
      },
      references: [
        {
          category: 'self',
          summary: 'Canonical URL',
          url: `https://access.redhat.com/security/data/csaf/v2/vex/2026/${cve.toLowerCase()}.json`,
        },
      ],
      title: `${cve}: an issue in packages of the image`,
      tracking: {
        id: cve,
        status: 'final',
        version: '1',
        current_release_date: '2026-11-01T00:00:00+00:00',
        initial_release_date: '2026-10-01T00:00:00+00:00',
      },
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: 'Red Hat',
          branches: [
            {
              category: 'product_family',
              name: 'Red Hat Enterprise Linux',
              branches: Object.values(PRODUCTS).map((p) => ({
                category: 'product_name',
                name: p.name,
                product: { name: p.name, product_id: p.id, product_identification_helper: { cpe: p.cpe } },
              })),
            },
            ...components.map((c) => ({
              category: 'product_version',
              name: c.id,
              product: { name: c.id, product_id: c.id, product_identification_helper: { purl: c.purl } },
            })),
          ],
        },
      ],
      relationships: entries.map((e, i) => ({
        category: 'default_component_of',
        full_product_name: {
          name: `${components[i]?.id} as a component of ${PRODUCTS[e.product].name}`,
          product_id: productId(e, i),
        },
        product_reference: components[i]?.id,
        relates_to_product_reference: PRODUCTS[e.product].id,
      })),
    },
    vulnerabilities: [
      {
        cve,
        title: `${cve}: an issue`,
        notes: [{ category: 'description', text: `A flaw (${cve}).`, title: 'Vulnerability description' }],
        release_date: '2026-10-01T00:00:00+00:00',
        references: [
          {
            category: 'self',
            summary: 'Canonical URL',
            url: `https://access.redhat.com/security/cve/${cve}`,
          },
        ],
        product_status: Object.fromEntries(
          (['fixed', 'known_affected', 'known_not_affected'] as const)
            .map((s) => [s, status(s)] as const)
            .filter(([, ids]) => ids.length > 0),
        ),
        threats: [{ category: 'impact', details: 'Moderate', product_ids: all }],
        scores: [
          {
            cvss_v3: {
              baseScore: 5.9,
              baseSeverity: 'MEDIUM',
              vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H',
              version: '3.1',
            },
            products: all,
          },
        ],
        remediations:
          status('fixed').length > 0
            ? [
                {
                  category: 'vendor_fix',
                  details: 'Update.',
                  product_ids: status('fixed'),
                  url: `https://access.redhat.com/errata/RHSA-2026:${cve.slice(-4)}`,
                },
              ]
            : [],
      },
    ],
  };
}

const installed = (name: string): WirePackage => {
  const pkg = Object.values(REPORT.packages).find((p) => p.name === name && p.kind === 'binary');
  if (pkg === undefined) throw new Error(`the image has no binary ${name}`);
  return pkg;
};
const release = (evr: string, by: number) => evr.replace(/(\d+)(?!.*\d)/, (d) => String(Number(d) + by));
const evr = (version: string) => (/^\d+:/.test(version) ? version : `0:${version}`);

// Per CVE: what the document says, and whether each entry makes the image vulnerable.
const CASES: readonly { readonly cve: string; readonly entry: Entry; readonly vulnerable: boolean }[] = [
  // Fixed in a later release of the same stream, for the umbrella RHEL 8 product: vulnerable.
  {
    cve: 'CVE-2026-1001',
    entry: {
      status: 'fixed',
      product: 'rhel8',
      name: 'libcurl',
      evr: release(evr(installed('libcurl').version), 1),
      arch: 'x86_64',
    },
    vulnerable: true,
  },
  // Fixed at, or below, the installed version: not vulnerable.
  {
    cve: 'CVE-2026-1002',
    entry: {
      status: 'fixed',
      product: 'baseos8',
      name: 'glibc',
      evr: evr(installed('glibc').version),
      arch: 'x86_64',
    },
    vulnerable: false,
  },
  {
    cve: 'CVE-2026-1003',
    entry: {
      status: 'fixed',
      product: 'baseos8',
      name: 'bash',
      evr: release(evr(installed('bash').version), -1),
      arch: 'x86_64',
    },
    vulnerable: false,
  },
  // Fixed later, but for RHEL 9 only: not this image.
  {
    cve: 'CVE-2026-1004',
    entry: {
      status: 'fixed',
      product: 'baseos9',
      name: 'zlib',
      evr: release(evr(installed('zlib').version), 10),
      arch: 'x86_64',
    },
    vulnerable: false,
  },
  // Fixed later in AppStream: the package's AppStream repository is covered.
  {
    cve: 'CVE-2026-1005',
    entry: {
      status: 'fixed',
      product: 'appstream8',
      name: 'openssl-libs',
      evr: release(evr(installed('openssl-libs').version), 1),
      arch: 'x86_64',
    },
    vulnerable: true,
  },
  // A fix with a lower epoch is older whatever its version: not vulnerable.
  {
    cve: 'CVE-2026-1006',
    entry: { status: 'fixed', product: 'rhel8', name: 'openssl-libs', evr: '0:9.9.9-1.el8', arch: 'x86_64' },
    vulnerable: false,
  },
  // Fixed later for another architecture, or in a module the package is not from: not this package.
  {
    cve: 'CVE-2026-1007',
    entry: {
      status: 'fixed',
      product: 'rhel8',
      name: 'glibc',
      evr: release(evr(installed('glibc').version), 1),
      arch: 'aarch64',
    },
    vulnerable: false,
  },
  {
    cve: 'CVE-2026-1008',
    entry: {
      status: 'fixed',
      product: 'rhel8',
      name: 'zlib',
      evr: release(evr(installed('zlib').version), 1),
      arch: 'x86_64',
      module: 'zlib:1.2',
    },
    vulnerable: false,
  },
  // Known affected, by source package, no fix yet: every binary built from it.
  {
    cve: 'CVE-2026-1009',
    entry: { status: 'known_affected', product: 'rhel8', name: installed('bash').source?.name ?? 'bash' },
    vulnerable: true,
  },
  // Known not affected: never reported.
  {
    cve: 'CVE-2026-1010',
    entry: { status: 'known_not_affected', product: 'rhel8', name: 'zlib' },
    vulnerable: false,
  },
];

/** The archive Red Hat publishes: year folders of documents in a zstd-compressed tar. */
function vexArchive(dir: string, documents: Readonly<Record<string, string>>): Buffer {
  for (const [path, text] of Object.entries(documents)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const tar = execFileSync(
    'tar',
    ['-C', dir, '-cf', '-', ...new Set(Object.keys(documents).map((p) => p.split('/')[0] as string))],
    {
      maxBuffer: 2 ** 28,
    },
  );
  return zstdCompressSync(tar);
}

describe('vulnerability report of a RHEL 8 image against Red Hat VEX', () => {
  let feeds: FeedServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-vex-'));
    const documents: Record<string, string> = {};
    for (const file of REAL_DOCUMENTS) documents[`2023/${file}`] = readFileSync(join(VEX, file), 'utf8');
    for (const { cve, entry } of CASES)
      documents[`2026/${cve.toLowerCase()}.json`] = JSON.stringify(vexDocument(cve, [entry]));
    feeds = await startFeedServer();
    feeds.set('/vex/archive_latest.txt', { body: 'csaf_vex_2026-11-01.tar.zst' });
    feeds.set('/vex/csaf_vex_2026-11-01.tar.zst', {
      body: vexArchive(dir, documents),
      lastModified: 'Sun, 01 Nov 2026 00:00:00 GMT',
    });
    feeds.set('/vex/changes.csv', { body: '' });
    feeds.set('/vex/deletions.csv', { body: '' });
  });
  after(async () => {
    await feeds?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const engine = updaterEngine(rhelVexUpdaterSet, 'rhel-vex', () => ({ url: `${feeds.url}/vex/` }));

  it('reports exactly the affected packages and those fixed later for their product, never the not-affected', async () => {
    const outcome = await engine.run();
    assert.equal(outcome.status, 'updated');
    await storeIndexReport(engine.db, REPORT);
    const { status, report } = await getVulnerabilityReport(
      engine.db,
      captureLog().log,
      REPORT.manifest_hash,
    );
    assert.equal(status, 200);
    assert.ok(report !== undefined);

    const got = new Set(
      Object.entries(report.package_vulnerabilities).flatMap(([id, vulns]) =>
        vulns.map((v) => `${report.packages[id]?.name} ${report.vulnerabilities[v]?.name}`),
      ),
    );
    const want = new Set<string>();
    for (const { cve, entry, vulnerable } of CASES) {
      if (!vulnerable) continue;
      const binaries = Object.values(REPORT.packages).filter(
        (p) =>
          p.kind === 'binary' &&
          (entry.status === 'known_affected' ? p.source?.name === entry.name : p.name === entry.name),
      );
      for (const p of binaries) want.add(`${p.name} ${cve}`);
    }
    assert.deepEqual([...got].sort(), [...want].sort());
    // The fixed versions really are above the installed ones where the case says vulnerable.
    for (const { entry, vulnerable } of CASES.filter(
      (c) =>
        c.entry.status === 'fixed' &&
        c.entry.product !== 'baseos9' &&
        c.entry.arch === 'x86_64' &&
        c.entry.module === undefined,
    )) {
      const below =
        compareRpmVersions(
          parseRpmVersion(installed(entry.name).version),
          parseRpmVersion(entry.evr as string),
        ) < 0;
      assert.equal(below, vulnerable, `${entry.name} ${entry.evr}`);
    }
    // curl is known not affected in RHEL 8 (claircore's real CVE-2023-38545 document), and zlib by ours.
    for (const name of ['libcurl', 'curl', 'zlib']) {
      const pkg = Object.values(report.packages).find((p) => p.name === name && p.kind === 'binary');
      const names = (report.package_vulnerabilities[pkg?.id ?? ''] ?? []).map(
        (v) => report.vulnerabilities[v]?.name,
      );
      assert.ok(!names.includes('CVE-2023-38545'), `${name}: ${names.join(' ')}`);
      assert.ok(!names.includes('CVE-2026-1010'), `${name}: ${names.join(' ')}`);
    }
    for (const v of Object.values(report.vulnerabilities)) {
      assert.equal(v.updater, 'rhel-vex');
      assert.equal(v.repository.key, 'rhel-cpe-repository');
    }
  });
});
