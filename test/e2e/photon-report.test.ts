// Acceptance: a Photon 3 layer whose rpmdb.sqlite the real rpm tool wrote, indexed by the local
// stack, against the real Photon 3 OVAL feed loaded through the photon updater. The index must
// list exactly what `rpm -qa` lists, and each package must be reported for exactly the advisories
// whose fixed version rpm's own vercmp puts above the installed one.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { type Blob, digestOf } from '../helpers/layers.ts';
import { firstUpdateOperation } from '../helpers/local-config.ts';
import {
  fetchVulnerabilityReport,
  indexManifest,
  type LocalStack,
  startLocalStack,
} from '../helpers/local-stack.ts';
import { random } from '../helpers/prng.ts';

const TESTDATA = join(import.meta.dirname, '../unit/ecosystems/photon/testdata');
// The whole real feed, kept gzipped in the repository; Photon serves it as plain XML.
const OVAL = gunzipSync(readFileSync(join(TESTDATA, 'com.vmware.phsa-photon3.xml.gz'))).toString('utf8');
const OS_RELEASE = readFileSync(join(TESTDATA, 'photon-3.0/etc/os-release'));

const TOOLS = ['rpmbuild', 'rpm'].every((cmd) => spawnSync(cmd, ['--version']).status === 0);

type Fix = { readonly title: string; readonly name: string; readonly evr: string };

/** Every (advisory, package, fixed EVR) of the feed, read with a regular expression, not our parser. */
function feedFixes(xml: string): Fix[] {
  return [...xml.matchAll(/<definition [^>]*>([\s\S]*?)<\/definition>/g)].flatMap(([, body = '']) => {
    const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
    return [...body.matchAll(/comment="(\S+) is earlier than (\S+)"/g)].map(([, name = '', evr = '']) => ({
      title,
      name,
      evr,
    }));
  });
}

type Installed = {
  readonly name: string;
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
};

const evrOf = (p: Installed): string => `${p.epoch}:${p.version}-${p.release}`;

/** Installed versions around a fixed one: equal, older and newer in version, release and epoch. */
function around(evr: string, pick: (n: number) => number): Omit<Installed, 'name'> {
  const [, e = '0', v = '', r = ''] = /^(\d+):([^-]+)-(.+)$/.exec(evr) ?? [];
  const bump = (s: string, by: number) =>
    s.replace(/(\d+)(?!.*\d)/, (d) => String(Math.max(0, Number(d) + by)));
  const lead = (s: string, by: number) => s.replace(/^(\d+)/, (d) => String(Math.max(0, Number(d) + by)));
  const choices = [
    { epoch: Number(e), version: v, release: r },
    { epoch: Number(e), version: v, release: lead(r, -1) },
    { epoch: Number(e), version: v, release: lead(r, 1) },
    { epoch: Number(e), version: bump(v, -1), release: r },
    { epoch: Number(e), version: bump(v, 1), release: '1.ph3' },
    { epoch: Number(e), version: `${v}.1`, release: '1.ph3' },
    { epoch: Number(e) + 1, version: '0.1', release: '1.ph3' },
  ];
  return choices[pick(choices.length)] as Omit<Installed, 'name'>;
}

function run(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 2 ** 26 });
}

/** Builds an empty rpm per package and installs them with rpm into root's rpmdb.sqlite. */
function installWithRpm(dir: string, root: string, packages: readonly Installed[]): void {
  const top = join(dir, 'rpmbuild');
  for (const [i, p] of packages.entries()) {
    const spec = join(dir, `${p.name}.spec`);
    writeFileSync(
      spec,
      [
        `Name: ${p.name}`,
        ...(p.epoch === 0 ? [] : [`Epoch: ${p.epoch}`]),
        `Version: ${p.version}`,
        `Release: ${p.release}`,
        'Summary: a package named as one of Photon 3',
        'License: Apache-2.0',
        // One noarch package: the report keeps each package's own architecture.
        ...(i === 0 ? ['BuildArch: noarch'] : []),
        '%description',
        'Empty.',
        '%files',
        '',
      ].join('\n'),
    );
    run('rpmbuild', ['-bb', '--target', 'x86_64', '--define', `_topdir ${top}`, spec]);
  }
  const rpms = readdirSync(join(top, 'RPMS'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.rpm'))
    .map((f) => join(top, 'RPMS', f));
  const db = ['--root', root, '--dbpath', '/var/lib/rpm', '--define', '_db_backend sqlite'];
  run('rpm', [...db, '-i', '--justdb', '--nodeps', '--noscripts', '--ignorearch', '--ignoreos', ...rpms]);
  for (const f of readdirSync(join(root, 'var/lib/rpm'))) {
    if (f !== 'rpmdb.sqlite') rmSync(join(root, 'var/lib/rpm', f));
  }
}

/** rpm's own vercmp of each pair of EVRs: -1, 0 or 1, through rpm's Lua (whose print adds no newline). */
function rpmVercmp(pairs: readonly (readonly [string, string])[]): number[] {
  const lua = pairs.map(([a, b]) => `print(rpm.vercmp("${a}", "${b}") .. " ")`).join(' ');
  return run('rpm', ['--eval', `%{lua: ${lua}}`])
    .trim()
    .split(/\s+/)
    .map(Number);
}

describe('a Photon 3 image against the Photon 3 OVAL feed', {
  skip: TOOLS ? false : 'rpm and rpmbuild not found: apt-get install rpm to run this test',
}, () => {
  const fixes = feedFixes(OVAL);
  const r = random(3);
  const names = [...new Set(fixes.map((f) => f.name))].sort().filter((_, i) => i % 8 === 0);
  const installed: Installed[] = names.map((name) => {
    const ofName = fixes.filter((f) => f.name === name);
    return { name, ...around((ofName[r.int(ofName.length)] as Fix).evr, r.int) };
  });
  let dir: string;
  let feeds: FeedServer;
  let stack: LocalStack;
  let layer: Blob;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-photon-'));
    const root = join(dir, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/os-release'), OS_RELEASE);
    installWithRpm(dir, root, installed);
    const tar = join(dir, 'layer.tar');
    run('tar', ['-C', root, '-cf', tar, '.']);
    const bytes = gzipSync(readFileSync(tar));
    layer = { digest: digestOf(bytes), bytes };
    feeds = await startFeedServer();
    feeds.set('/photon_oval_definitions/com.vmware.phsa-photon3.xml', { body: OVAL });
    stack = await startLocalStack(
      [layer],
      `updaters: {sets: [photon], config: {photon: {url: "${feeds.url}/photon_oval_definitions/", releases: ["3.0"]}}}`,
    );
    await firstUpdateOperation(stack.runtime.apiUrl, 'photon-updater-3.0');
  });
  after(async () => {
    await stack?.close();
    await Promise.all([feeds?.close(), dir && rm(dir, { recursive: true, force: true })]);
  });

  let manifest: string;

  it('indexes exactly the packages rpm lists, and Photon 3.0', async () => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, [layer]);
    manifest = report.manifest_hash;
    const rpmQa = run('rpm', [
      '--root',
      join(dir, 'root'),
      '--dbpath',
      '/var/lib/rpm',
      '--define',
      '_db_backend sqlite',
      '-qa',
      '--qf',
      '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\n',
    ])
      .trim()
      .split('\n')
      // rpm prints "(none)" for no epoch; claircore's version leaves epoch 0 out.
      .map((line) => line.replace(/ (?:\(none\)|0):/, ' '))
      .sort();
    const ours = Object.values(report.packages)
      .filter((p) => p.kind === 'binary')
      .map((p) => `${p.name} ${p.version} ${p.arch}`)
      .sort();
    assert.equal(ours.length, installed.length);
    assert.deepEqual(ours, rpmQa);
    assert.deepEqual(
      Object.values(report.distributions).map((d) => [d.did, d.version_id]),
      [['photon', '3.0']],
    );
  });

  it("reports each package for exactly the advisories whose fix is above it by rpm's vercmp", async () => {
    const report = await fetchVulnerabilityReport(stack.runtime.apiUrl, manifest);
    const candidates = installed.flatMap((p) =>
      fixes.filter((f) => f.name === p.name).map((f) => ({ p, f })),
    );
    const cmp = rpmVercmp(candidates.map(({ p, f }) => [evrOf(p), f.evr] as const));
    assert.equal(cmp.length, candidates.length);
    const want = new Map<string, string[]>();
    candidates.forEach(({ p, f }, i) => {
      if (cmp[i] === -1) want.set(p.name, [...(want.get(p.name) ?? []), f.title]);
    });
    const got = new Map<string, string[]>();
    for (const [id, vulnIds] of Object.entries(report.package_vulnerabilities)) {
      const pkg = report.packages[id];
      if (pkg === undefined || pkg.kind !== 'binary') continue;
      got.set(
        pkg.name,
        vulnIds.map((v) => report.vulnerabilities[v]?.name ?? v),
      );
    }
    const sorted = (m: Map<string, string[]>) =>
      Object.fromEntries(
        [...m]
          .filter(([, v]) => v.length > 0)
          .map(([k, v]) => [k, [...new Set(v)].sort()])
          .sort(),
      );
    assert.ok(
      want.size >= 5,
      `only ${want.size} of ${installed.length} packages are vulnerable: pick others`,
    );
    assert.ok(
      want.size < installed.length,
      'every package is vulnerable: the test would not see false positives',
    );
    assert.deepEqual(sorted(got), sorted(want));
  });
});
