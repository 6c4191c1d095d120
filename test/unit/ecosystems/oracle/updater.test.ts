import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { oracleRelease } from '../../../../lib/ecosystems/oracle/distribution-scanner.ts';
import { oracleUpdaterConfig, oracleUpdaterSet } from '../../../../lib/ecosystems/oracle/updater.ts';
import { ConfigError } from '../../../../lib/errors.ts';
import type { UpdaterContext, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';

// A hand-written excerpt in the ELSA format, bzip2-compressed as Oracle serves it (testdata/README.md).
const FIXTURE = join(import.meta.dirname, 'testdata', 'oval', 'com.oracle.elsa-2023.xml.bz2');
const NOWHERE = 'http://127.0.0.1:9/oval/';

const context = (): UpdaterContext => ({
  signal: new AbortController().signal,
  log: captureLog().log,
  tmpDir: tmpdir(),
});

describe('oracle updater set', () => {
  it('is the set oracle', () => assert.equal(oracleUpdaterSet.name, 'oracle'));

  it('defaults to Oracle’s OVAL folder and every year', () => {
    assert.deepEqual(oracleUpdaterConfig({}), {
      url: 'https://linux.oracle.com/security/oval/',
      years: undefined,
    });
  });

  it('makes one updater per year from 2007 to this year, named and located as claircore does', async () => {
    const specs = await oracleUpdaterSet.discover({ url: 'http://127.0.0.1:9/oval' }, context());
    const thisYear = new Date().getUTCFullYear();
    assert.equal(specs.length, thisYear - 2007 + 1);
    assert.deepEqual(specs[0], {
      set: 'oracle',
      name: 'oracle-2007-updater',
      params: { url: `${NOWHERE}com.oracle.elsa-2007.xml.bz2` },
    });
    assert.equal(specs.at(-1)?.name, `oracle-${thisYear}-updater`);
  });

  it('makes updaters for the configured years only, given as numbers or strings', async () => {
    const specs = await oracleUpdaterSet.discover({ url: NOWHERE, years: [2023, '2024'] }, context());
    assert.deepEqual(
      specs.map((s) => [s.name, s.params.url]),
      [
        ['oracle-2023-updater', `${NOWHERE}com.oracle.elsa-2023.xml.bz2`],
        ['oracle-2024-updater', `${NOWHERE}com.oracle.elsa-2024.xml.bz2`],
      ],
    );
  });

  const bad: [name: string, raw: Record<string, unknown>, message: string][] = [
    [
      'an unknown key',
      { releases: ['8'] },
      'updaters.config.oracle.releases: unknown key (known: url, years)',
    ],
    [
      'a url that is no URL',
      { url: 'oval' },
      'updaters.config.oracle.url: "oval" is not an absolute http(s) URL',
    ],
    [
      'a year before 2007',
      { years: [2006] },
      'updaters.config.oracle.years: want a list of years from 2007, got [2006]',
    ],
    [
      'years that are a number',
      { years: 2024 },
      'updaters.config.oracle.years: want a list of years from 2007, got 2024',
    ],
    [
      'a year that is no number',
      { years: ['all'] },
      'updaters.config.oracle.years: want a list of years from 2007, got ["all"]',
    ],
  ];
  for (const [name, raw, message] of bad) {
    it(`fails with ConfigError on ${name}`, () => {
      assert.throws(() => oracleUpdaterConfig(raw), { name: ConfigError.name, message });
    });
  }
});

describe('oracle updater parse', () => {
  it('reads an ELSA document: release from the platform, modules expanded, ksplice-only advisories skipped', async () => {
    const updater = oracleUpdaterSet.build(
      {
        set: 'oracle',
        name: 'oracle-2023-updater',
        params: { url: `${NOWHERE}com.oracle.elsa-2023.xml.bz2` },
      },
      {},
    );
    const got: Vulnerability[] = [];
    for await (const v of updater.parse(FIXTURE, context())) got.push(v);

    // By hand from the XML: ELSA-2023-0326 names nodejs (aarch64 branch) and npm (x86_64 branch),
    // each under "Module nodejs:18 is enabled", which both branches state, so each comes twice;
    // ELSA-2023-9999 affects userspace_ksplice only; ELSA-2023-5217 names libwebp and libwebp-devel.
    const nodejs = {
      name: 'ELSA-2023-0326:  nodejs:18 security update (MODERATE)',
      description: 'nodejs [1:18.12.1-1] - Rebase to 18.12.1',
      issued: '2023-01-25T00:00:00.000Z',
      links:
        'https://linux.oracle.com/errata/ELSA-2023-0326.html https://linux.oracle.com/cve/CVE-2022-43548.html',
      severity: 'MODERATE',
      normalizedSeverity: 'Medium',
      dist: oracleRelease('8'),
      repo: undefined,
      range: undefined,
    } as const;
    const libwebp = {
      name: 'ELSA-2023-5217:  libwebp security update (IMPORTANT)',
      description: '[0.3.0-11] - Fix heap buffer overflow',
      issued: '2023-09-19T00:00:00.000Z',
      links:
        'https://linux.oracle.com/errata/ELSA-2023-5217.html https://linux.oracle.com/cve/CVE-2023-4863.html',
      severity: 'IMPORTANT',
      normalizedSeverity: 'High',
      dist: oracleRelease('9'),
      repo: undefined,
      range: undefined,
    } as const;
    const nodejsFix = {
      ...nodejs,
      package: { name: 'nodejs', version: '', module: 'nodejs:18', arch: 'aarch64|x86_64', kind: 'binary' },
      fixedInVersion: '1:18.12.1-1.module+el8.7.0+20897+33e4fa81',
      archOperation: 'pattern match',
    } as const;
    const npmFix = {
      ...nodejs,
      package: { name: 'npm', version: '', module: 'nodejs:18', arch: 'x86_64', kind: 'binary' },
      fixedInVersion: '1:8.19.2-1.18.12.1.1.module+el8.7.0+20897+33e4fa81',
      archOperation: 'equals',
    } as const;
    const webpFix = (name: string) =>
      ({
        ...libwebp,
        package: { name, version: '', module: '', arch: '', kind: 'binary' },
        fixedInVersion: '0:1.2.0-7.el9_2',
        archOperation: '',
      }) as const;
    assert.deepEqual(got, [
      nodejsFix,
      nodejsFix,
      npmFix,
      npmFix,
      webpFix('libwebp'),
      webpFix('libwebp-devel'),
    ]);
  });
});
