import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { photonRelease } from '../../../../lib/ecosystems/photon/distribution-scanner.ts';
import { photonUpdaterConfig, photonUpdaterSet } from '../../../../lib/ecosystems/photon/updater.ts';
import { ConfigError } from '../../../../lib/errors.ts';
import type { UpdaterContext, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';

// claircore's photon/testdata/com.vmware.phsa-photon3.xml, gzipped (testdata/README.md).
const FIXTURE = join(import.meta.dirname, 'testdata', 'com.vmware.phsa-photon3.xml.gz');
const NOWHERE = 'http://127.0.0.1:9/oval/';
const DIST = photonRelease('3.0');

const context = (): UpdaterContext => ({
  signal: new AbortController().signal,
  log: captureLog().log,
  tmpDir: tmpdir(),
});

describe('photon updater set', () => {
  it('is the set photon', () => assert.equal(photonUpdaterSet.name, 'photon'));

  it('defaults to VMware’s OVAL folder and releases 1.0 to 5.0', () => {
    assert.deepEqual(photonUpdaterConfig({}), {
      url: 'https://packages.vmware.com/photon/photon_oval_definitions/',
      releases: ['1.0', '2.0', '3.0', '4.0', '5.0'],
    });
  });

  it('makes one updater per release, named and located as claircore does', async () => {
    const specs = await photonUpdaterSet.discover({ url: 'http://127.0.0.1:9/oval' }, context());
    assert.deepEqual(
      specs.map((s) => [s.name, s.params.url, s.params.release]),
      [1, 2, 3, 4, 5].map((n) => [
        `photon-updater-${n}.0`,
        `${NOWHERE}com.vmware.phsa-photon${n}.xml`,
        `${n}.0`,
      ]),
    );
    assert.ok(specs.every((s) => s.set === 'photon'));
  });

  it('makes updaters for the configured releases only', async () => {
    const specs = await photonUpdaterSet.discover({ url: NOWHERE, releases: ['5.0', '6.0'] }, context());
    assert.deepEqual(
      specs.map((s) => s.name),
      ['photon-updater-5.0', 'photon-updater-6.0'],
    );
  });

  const bad: [name: string, raw: Record<string, unknown>, message: string][] = [
    [
      'an unknown key',
      { compression: 'gz' },
      'updaters.config.photon.compression: unknown key (known: url, releases)',
    ],
    [
      'a url that is no URL',
      { url: 'oval' },
      'updaters.config.photon.url: "oval" is not an absolute http(s) URL',
    ],
    [
      'a release that is not N.0',
      { releases: ['3.0', '3'] },
      'updaters.config.photon.releases[1]: "3" is not a Photon release: want N.0',
    ],
  ];
  for (const [name, raw, message] of bad) {
    it(`fails with ConfigError on ${name}`, () => {
      assert.throws(() => photonUpdaterConfig(raw), { name: ConfigError.name, message });
    });
  }
});

describe('photon updater parse', () => {
  const parse = async (): Promise<Vulnerability[]> => {
    const updater = photonUpdaterSet.build(
      {
        set: 'photon',
        name: 'photon-updater-3.0',
        params: { url: `${NOWHERE}com.vmware.phsa-photon3.xml`, release: '3.0' },
      },
      {},
    );
    const got: Vulnerability[] = [];
    for await (const v of updater.parse(FIXTURE, context())) got.push(v);
    return got;
  };
  const xml = gunzipSync(readFileSync(FIXTURE)).toString('utf8');

  it('reads every definition, one vulnerability per "is earlier than" criterion', async () => {
    const got = await parse();
    // Counted from the XML text, not by the reader: each package criterion is backed by a state
    // with an EVR; the "is installed" and "is signed" criteria are not.
    assert.equal((xml.match(/<definition /g) ?? []).length, 222);
    const packageCriteria = xml.match(/<criterion comment="[^"]* is earlier than [^"]*"/g) ?? [];
    assert.equal(packageCriteria.length, 778);
    assert.equal(got.length, 778);
    assert.equal(new Set(got.map((v) => v.name)).size, 222);
    assert.deepEqual(
      new Set(got.map((v) => JSON.stringify([v.dist, v.archOperation, v.package.kind]))),
      new Set([JSON.stringify([DIST, '', 'binary'])]),
    );
  });

  it('gives the first advisory’s three packages as the XML says', async () => {
    const [first] = await parse();
    assert.deepEqual(first, {
      name: 'PHSA-2020:00001 sqlite Security Update. (Important)',
      description: "This update upgrade sqlite to 3.27.2-5.ph3 #Fixes {'CVE-2019-16168'}",
      issued: '2019-10-23T00:00:00.000Z',
      links:
        'https://github.com/vmware/photon/wiki/Security-Updates-3.0-0036 https://nvd.nist.gov/vuln/detail?vulnId=CVE-2019-16168',
      severity: 'Important',
      normalizedSeverity: 'High',
      dist: {
        did: 'photon',
        name: 'VMware Photon OS',
        version: '3.0',
        versionCodeName: '',
        versionId: '3.0',
        arch: '',
        cpe: '',
        prettyName: 'VMware Photon OS/Linux',
      },
      package: { name: 'sqlite', version: '', module: '', arch: '', kind: 'binary' },
      repo: undefined,
      fixedInVersion: '0:3.27.2-5.ph3',
      archOperation: '',
      range: undefined,
    });
    const sqlite = (await parse()).filter((v) => v.name === first?.name);
    assert.deepEqual(
      sqlite.map((v) => [v.package.name, v.fixedInVersion]),
      [
        ['sqlite', '0:3.27.2-5.ph3'],
        ['sqlite-devel', '0:3.27.2-5.ph3'],
        ['sqlite-libs', '0:3.27.2-5.ph3'],
      ],
    );
  });

  it('gives PHSA-2020:00222’s openjdk8 packages, severity and links as the XML says', async () => {
    const got = (await parse()).filter((v) => v.name.startsWith('PHSA-2020:00222 '));
    assert.deepEqual(
      got.map((v) => [v.package.name, v.fixedInVersion]),
      [
        ['openjdk8', '0:1.8.0.212-1.ph3'],
        ['openjre8', '0:1.8.0.212-1.ph3'],
        ['openjdk8-sample', '0:1.8.0.212-1.ph3'],
        ['openjdk8-doc', '0:1.8.0.212-1.ph3'],
        ['openjdk8-src', '0:1.8.0.212-1.ph3'],
      ],
    );
    assert.equal(got[0]?.issued, '2019-05-11T00:00:00.000Z');
    assert.equal(
      got[0]?.links,
      [
        'https://github.com/vmware/photon/wiki/Security-Updates-3.0-0014',
        'https://nvd.nist.gov/vuln/detail?vulnId=CVE-2019-2697',
        'https://nvd.nist.gov/vuln/detail?vulnId=CVE-2019-2684',
        'https://nvd.nist.gov/vuln/detail?vulnId=CVE-2019-2698',
        'https://nvd.nist.gov/vuln/detail?vulnId=CVE-2019-2602',
      ].join(' '),
    );
  });

  it('normalises every severity the document uses', async () => {
    const bySeverity = new Map((await parse()).map((v) => [v.severity, v.normalizedSeverity]));
    assert.deepEqual([...bySeverity].sort(), [
      ['Critical', 'Critical'],
      ['Important', 'High'],
      ['Low', 'Low'],
      ['Moderate', 'Medium'],
    ]);
  });
});
