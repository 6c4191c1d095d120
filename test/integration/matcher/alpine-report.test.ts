// Acceptance, the way a user meets it: an Alpine 3.10 image indexed from its layer and the v3.10
// main secdb loaded by the Alpine updater, both through the local runtime's HTTP API. The report
// must list, per package, exactly the secfixes entries of its origin fixed above the installed
// version.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../../../lib/config/load.ts';
import { parseSecdb, secdbVulnerabilities } from '../../../lib/ecosystems/alpine/secdb.ts';
import { startLocalRuntime } from '../../../lib/local/runtime.ts';
import type { VulnerabilityReport } from '../../../lib/matcher/vulnerability-report.ts';
import { compareApkVersions } from '../../../lib/versions/apk.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { indexImage } from '../../helpers/index-image.ts';
import { startLayerServer } from '../../helpers/layer-server.ts';
import { ALPINE_3_10_OS_RELEASE, layerFromTree } from '../../helpers/layers.ts';
import { eventually, localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';
import { random } from '../../helpers/prng.ts';
import { secdbJson } from '../../unit/ecosystems/alpine/secdb-yaml.ts';

const ALPINE = join(import.meta.dirname, '..', '..', 'unit', 'ecosystems', 'alpine', 'testdata');
const MAIN = secdbJson('v3.10/main.yaml');

type Installed = { readonly name: string; readonly version: string; readonly origin: string };

/**
 * One or two packages per origin in the secdb, installed at a fixed version, just below or above
 * one, below all or above all; the hand-picked ones first.
 */
function installedPackages(): Installed[] {
  const r = random(310);
  const out: Installed[] = [
    { name: 'ansible', version: '2.8.2-r0', origin: 'ansible' },
    { name: 'apache2-utils', version: '2.4.39-r0', origin: 'apache2' },
  ];
  const packages = (
    parse(readFileSync(join(ALPINE, 'secdb', 'v3.10', 'main.yaml'), 'utf8')) as {
      packages: { pkg: { name: string; secfixes: Record<string, unknown> | null } }[];
    }
  ).packages;
  for (const { pkg } of packages) {
    if (pkg.name === 'ansible' || pkg.name === 'apache2') continue;
    const fixed = Object.keys(pkg.secfixes ?? {}).filter((v) => v !== '0');
    const at = fixed[r.int(Math.max(1, fixed.length))] ?? '1.0-r0';
    const choices = [
      at,
      at.replace(/-r(\d+)$/, (_, n) => `-r${Number(n) + 1}`),
      `${at.replace(/-r\d+$/, '')}_rc1-r0`,
      '0.0.1-r0',
      '99999-r0',
    ];
    const version = choices[r.int(choices.length)] as string;
    out.push({ name: pkg.name, version, origin: pkg.name });
    if (r.int(3) === 0) out.push({ name: `${pkg.name}-doc`, version, origin: pkg.name });
  }
  return out;
}

const apkDatabase = (packages: readonly Installed[]): string =>
  packages.map((p) => `P:${p.name}\nV:${p.version}\nA:x86_64\no:${p.origin}\n`).join('\n');

describe('vulnerability report of an Alpine 3.10 image', () => {
  it('lists exactly the secfixes entries fixed above the installed version of the origin', async () => {
    const installed = installedPackages();
    const layer = await layerFromTree({
      'etc/os-release': ALPINE_3_10_OS_RELEASE,
      'lib/apk/db/installed': apkDatabase(installed),
    });
    const layers = await startLayerServer([layer]);
    const feeds = await startFeedServer();
    feeds.set('/v3.10/main.json', { body: MAIN });
    feeds.set('/v3.10/community.json', { body: '{"packages": []}' });
    const setup = await localSetup(
      'indexer: {allow_private_networks: true}',
      `updaters: {sets: [alpine], config: {alpine: {url: "${feeds.url}/", releases: [v3.10]}}}`,
    );
    const runtime = await startLocalRuntime(
      parseConfig(setup.yaml, 'local.yaml', {}).config,
      captureLog().log,
    );
    try {
      const digest = await indexImage(runtime.apiUrl, layers, layer);
      const report = await eventually('a vulnerability report', async () => {
        const res = await fetch(`${runtime.apiUrl}/matcher/api/v1/vulnerability_report/${digest}`);
        return res.status === 200 ? ((await res.json()) as VulnerabilityReport) : undefined;
      });

      const names = (id: string) =>
        (report.package_vulnerabilities[id] ?? []).map((v) => report.vulnerabilities[v]?.name ?? '').sort();
      const idOf = (name: string) => Object.values(report.packages).find((p) => p.name === name)?.id ?? '';
      assert.deepEqual(names(idOf('ansible')), ['CVE-2019-10206', 'CVE-2019-10217']);
      assert.deepEqual(names(idOf('apache2-utils')), [
        'CVE-2019-10081',
        'CVE-2019-10082',
        'CVE-2019-10092',
        'CVE-2019-10097',
        'CVE-2019-10098',
        'CVE-2019-9517',
      ]);

      const advisories = secdbVulnerabilities(parseSecdb(MAIN, 'v3.10/main.json'), '3.10');
      assert.equal(Object.keys(report.packages).length, installed.length);
      let matched = 0;
      for (const pkg of installed) {
        const want = advisories
          .filter(
            (a) =>
              a.package.name === pkg.origin &&
              a.fixedInVersion !== '0' &&
              compareApkVersions(pkg.version, a.fixedInVersion) < 0,
          )
          .map((a) => a.name)
          .sort();
        assert.deepEqual(names(idOf(pkg.name)), want, `${pkg.name} ${pkg.version}`);
        matched += want.length;
      }
      assert.ok(matched > 100, `only ${matched} matches: the image exercises too little`);
    } finally {
      await runtime.stop();
      await layers.close();
      await feeds.close();
    }
  });
});
