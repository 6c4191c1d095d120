import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAdvisory } from '../../../../lib/ecosystems/osv/advisory.ts';
import { ubuntuUpdaterSet, ubuntuVulnerabilities } from '../../../../lib/ecosystems/ubuntu/updater.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import type { Severity, UpdaterContext, Vulnerability } from '../../../../lib/updater/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { advisoryEntries, writeZip } from '../osv/zip-fixture.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'osv');
const NOW = new Date('2025-06-01T00:00:00Z');

const record = (affected: unknown[], severity: unknown[] = [{ type: 'Ubuntu', score: 'medium' }]) =>
  parseAdvisory({ id: 'UBUNTU-CVE-2099-1', severity, affected }, 'UBUNTU-CVE-2099-1.json');
const fixedIn = (ecosystem: string, name: string, fixed?: string) => ({
  package: { ecosystem, name },
  ranges: [
    {
      type: 'ECOSYSTEM',
      events: fixed === undefined ? [{ introduced: '0' }] : [{ introduced: '0' }, { fixed }],
    },
  ],
});

describe('ubuntu updater set', () => {
  let ctx: UpdaterContext;
  before(async () => {
    ctx = {
      signal: new AbortController().signal,
      log: captureLog().log,
      tmpDir: await mkdtemp(join(tmpdir(), 'clairless-ubuntu-')),
    };
  });
  after(async () => {
    await rm(ctx.tmpDir, { recursive: true, force: true });
  });

  it("discovers one updater for Ubuntu's OSV zip", async () => {
    assert.deepEqual(await ubuntuUpdaterSet.discover({}, ctx), [
      {
        set: 'ubuntu',
        name: 'ubuntu/updater',
        params: { url: 'https://osv-vulnerabilities.storage.googleapis.com/Ubuntu/all.zip' },
      },
    ]);
  });

  it('fetches from the configured url', async () => {
    const [spec] = await ubuntuUpdaterSet.discover({ url: 'http://mirror.example/Ubuntu/all.zip' }, ctx);

    assert.equal(spec?.params.url, 'http://mirror.example/Ubuntu/all.zip');
  });

  it('fails on an unknown key', async () => {
    await assert.rejects(
      ubuntuUpdaterSet.discover({ oval_url: 'http://x' }, ctx),
      (err: Error) =>
        err instanceof ConfigError && err.message.startsWith('updaters.config.ubuntu.oval_url: unknown key'),
    );
  });

  it('rejects a spec of another updater', () => {
    assert.throws(
      () => ubuntuUpdaterSet.build({ set: 'ubuntu', name: 'ubuntu/updater/jammy', params: {} }, {}),
      InvalidInputError,
    );
  });

  it('parses UBUNTU-CVE records into the vulnerabilities of osv.want.json', async () => {
    const file = join(ctx.tmpDir, 'Ubuntu.zip');
    await writeZip(file, await advisoryEntries(TESTDATA));
    const [spec] = await ubuntuUpdaterSet.discover({}, ctx);
    assert.ok(spec !== undefined);

    const got: Vulnerability[] = [];
    for await (const v of ubuntuUpdaterSet.build(spec, {}).parse(file, ctx)) got.push(v);

    const want: unknown = JSON.parse(await readFile(join(TESTDATA, '..', 'osv.want.json'), 'utf8'));
    assert.deepEqual(JSON.parse(JSON.stringify(got)), want);
  });

  it('files each release under the distribution the scanner reports for its real os-release', async () => {
    const dist = join(import.meta.dirname, 'testdata', 'dist');
    const releases = (await readdir(dist)).filter((r) => /^\d+\.\d+$/.test(r) && r >= '14.04');
    assert.ok(releases.length >= 20);
    for (const release of releases) {
      const lts = release.endsWith('.04') && Number(release.slice(0, 2)) % 2 === 0 ? ':LTS' : '';
      const [v] = ubuntuVulnerabilities(
        record([fixedIn(`Ubuntu:${release}${lts}`, 'openssl', '1')]),
        'x',
        NOW,
      );

      const want: unknown[] = JSON.parse(await readFile(join(dist, release, 'want.json'), 'utf8'));
      assert.deepEqual(v?.dist, want[0], release);
    }
  });

  it('names the source package, as a source package, with its fixed version', () => {
    const [v] = ubuntuVulnerabilities(
      record([fixedIn('Ubuntu:24.10', 'glibc', '2.40-1ubuntu3.1')]),
      'x',
      NOW,
    );

    assert.deepEqual(v?.package, { name: 'glibc', version: '', module: '', arch: '', kind: 'source' });
    assert.equal(v?.fixedInVersion, '2.40-1ubuntu3.1');
    assert.equal(v?.dist?.versionCodeName, 'oracular');
  });

  it('has no fixed version for a package not fixed yet', () => {
    const [v] = ubuntuVulnerabilities(record([fixedIn('Ubuntu:22.04:LTS', 'gnupg2')]), 'x', NOW);

    assert.equal(v?.fixedInVersion, '');
  });

  it('leaves out Ubuntu Pro, variant and unknown releases', () => {
    const got = ubuntuVulnerabilities(
      record([
        fixedIn('Ubuntu:Pro:18.04:LTS', 'openssl', '1.1.1-1ubuntu2.1~18.04.23+esm4'),
        fixedIn('Ubuntu:Pro:FIPS:22.04:LTS', 'openssl', '3.0.2-0ubuntu1.12+fips'),
        fixedIn('Ubuntu:22.04:LTS:for:NVIDIA:BlueField', 'openssl', '3.0.2-0ubuntu1.12'),
        fixedIn('Ubuntu:12.04:LTS', 'openssl', '1.0.1-4ubuntu5.45'),
        fixedIn('Debian:12', 'openssl', '3.0.11-1~deb12u2'),
        fixedIn('Ubuntu:20.04:LTS', 'openssl', '1.1.1f-1ubuntu2.22'),
      ]),
      'x',
      NOW,
    );

    assert.deepEqual(
      got.map((v) => v.dist?.versionId),
      ['20.04'],
    );
  });

  const priorities: [string, Severity][] = [
    ['negligible', 'Negligible'],
    ['low', 'Low'],
    ['medium', 'Medium'],
    ['high', 'High'],
    ['critical', 'Critical'],
  ];
  for (const [priority, want] of priorities) {
    it(`rates Ubuntu priority ${priority} as ${want}, keeping Ubuntu's word`, () => {
      const severity = [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'Ubuntu', score: priority },
      ];
      const [v] = ubuntuVulnerabilities(record([fixedIn('Ubuntu:24.04:LTS', 'x', '1')], severity), 'x', NOW);

      assert.deepEqual([v?.severity, v?.normalizedSeverity], [priority, want]);
    });
  }

  it('rates an untriaged record by its CVSS vector', () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    const severity = [
      { type: 'CVSS_V3', score: vector },
      { type: 'Ubuntu', score: 'untriaged' },
    ];
    const [v] = ubuntuVulnerabilities(record([fixedIn('Ubuntu:24.04:LTS', 'x', '1')], severity), 'x', NOW);

    assert.deepEqual([v?.severity, v?.normalizedSeverity], [vector, 'Critical']);
  });

  it('names each vulnerability by its CVE, and reads no notice records (USN, LSN), which repeat them', () => {
    const cve = record([fixedIn('Ubuntu:24.04:LTS', 'x', '1')]);
    assert.equal(ubuntuVulnerabilities(cve, 'x', NOW)[0]?.name, cve.id.slice('UBUNTU-'.length));
    for (const id of ['USN-6622-1', 'LSN-0100-1', 'UBUNTU-LSN-0100-1']) {
      assert.deepEqual(ubuntuVulnerabilities({ ...cve, id }, 'x', NOW), [], id);
    }
  });

  it('files a release the configuration names, for releases newer than this list', async () => {
    const newer = record([fixedIn('Ubuntu:26.10', 'x', '1')]);
    assert.deepEqual(ubuntuVulnerabilities(newer, 'x', NOW), []);
    const [v] = ubuntuVulnerabilities(newer, 'x', NOW, { '26.10': 'stonking' });
    assert.deepEqual([v?.dist?.versionId, v?.dist?.versionCodeName], ['26.10', 'stonking']);
    await assert.rejects(
      ubuntuUpdaterSet.discover({ releases: { '26.10': 'Stonking Stingray' } }, ctx),
      /updaters\.config\.ubuntu\.releases\.26\.10: want a version id/,
    );
  });

  it('rates a record without an Ubuntu priority as Unknown', () => {
    const [v] = ubuntuVulnerabilities(record([fixedIn('Ubuntu:24.04:LTS', 'x', '1')], []), 'x', NOW);

    assert.deepEqual([v?.severity, v?.normalizedSeverity], ['', 'Unknown']);
  });
});
