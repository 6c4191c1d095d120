// Acceptance: a node_modules tree npm installed (express 4.17.1, lodash 4.17.20, minimist 1.2.5,
// debug 4.1.1 with express's debug 2.6.9 nested, …), and the same project as its package-lock.json
// alone, indexed by the local stack against real npm advisories loaded through the osv updater.
// Each report must name exactly the advisories whose SEMVER ranges npm's own `semver` says hold
// each installed version, with the nodejs matcher on by default; in an image whose lockfile layer
// comes before a tree installed without dev dependencies, only what is installed.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import semver from 'semver';
import { parseConfig } from '../../lib/config/load.ts';
import type { IndexReport } from '../../lib/indexer/index-report.ts';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/runtime.ts';
import type { VulnerabilityReport } from '../../lib/matcher/vulnerability-report.ts';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { type LayerServer, startLayerServer } from '../helpers/layer-server.ts';
import { type Blob, digestOf, layerFromTree } from '../helpers/layers.ts';
import { firstUpdateOperation, localSetup } from '../helpers/local-config.ts';
import { captureLog } from '../helpers/log.ts';
import { installedByNpmLs, installedTree, packageLock } from '../unit/ecosystems/nodejs/npm-tree.ts';
import { advisoryEntries, writeZip } from '../unit/ecosystems/osv/zip-fixture.ts';

const ADVISORIES = join(import.meta.dirname, 'testdata', 'npm-advisories');
const APP = 'usr/src/app';

type Event = { introduced?: string; fixed?: string; last_affected?: string };
type Advisory = {
  id: string;
  affected: { package: { name: string }; ranges: { type: string; events: Event[] }[] }[];
};

/** OSV's range rule over a SEMVER range's events in order, versions compared by npm's semver. */
function holds(version: string, events: readonly Event[]): boolean {
  let start: string | undefined;
  for (const e of events) {
    if (e.introduced !== undefined) start = e.introduced === '0' ? '0.0.0-0' : e.introduced;
    else if (start !== undefined && e.fixed !== undefined) {
      if (semver.gte(version, start) && semver.lt(version, e.fixed)) return true;
      start = undefined;
    } else if (start !== undefined && e.last_affected !== undefined) {
      if (semver.gte(version, start) && semver.lte(version, e.last_affected)) return true;
      start = undefined;
    }
  }
  return start !== undefined && semver.gte(version, start);
}

/** For each `name@version`, the advisories whose ranges hold it, where there are any. */
function affectedBySemver(installed: Iterable<string>, advisories: readonly Advisory[]) {
  const out: Record<string, string[]> = {};
  for (const id of installed) {
    const at = id.lastIndexOf('@');
    const [name, version] = [id.slice(0, at), id.slice(at + 1)];
    const hits = advisories.filter((a) =>
      a.affected.some(
        (x) =>
          x.package.name === name && x.ranges.some((r) => r.type === 'SEMVER' && holds(version, r.events)),
      ),
    );
    if (hits.length > 0) out[id] = hits.map((a) => a.id).sort();
  }
  return out;
}

describe('an npm-installed express app against npm advisories', () => {
  let dir: string;
  let feeds: FeedServer;
  let layers: LayerServer;
  let runtime: LocalRuntime;
  let tree: Blob;
  let lockfile: Blob;
  let production: Blob;
  let advisories: Advisory[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-npm-'));
    const entries = await advisoryEntries(ADVISORIES);
    advisories = entries.map((e) => JSON.parse(String(e.data)));
    await writeZip(join(dir, 'npm.zip'), entries);
    feeds = await startFeedServer();
    feeds.set('/npm/all.zip', { body: await readFile(join(dir, 'npm.zip')) });
    tree = await layerFromTree(installedTree(APP));
    lockfile = await layerFromTree({ [`${APP}/package-lock.json`]: packageLock() });
    // `npm ci --omit=dev`: the tree without node-fetch, the one dev dependency.
    production = await layerFromTree(
      Object.fromEntries(Object.entries(installedTree(APP)).filter(([p]) => !p.includes('/node-fetch/'))),
    );
    layers = await startLayerServer([tree, lockfile, production]);
    const setup = await localSetup(
      'indexer: {allow_private_networks: true, request_wait: 120s}',
      `updaters: {sets: [osv], config: {osv: {url: "${feeds.url}", allowlist: [npm]}}}`,
    );
    runtime = await startLocalRuntime(parseConfig(setup.yaml, 'npm.yaml', {}).config, captureLog().log);
    await firstUpdateOperation(runtime.apiUrl, 'osv/npm');
  });
  after(async () => {
    await runtime?.stop();
    await Promise.all([layers?.close(), feeds?.close(), dir && rm(dir, { recursive: true, force: true })]);
  });

  /** Indexes an image of the layers, checking it holds the installed packages. */
  const index = async (image: readonly Blob[], installed: ReadonlySet<string>): Promise<string> => {
    const manifest = digestOf(Buffer.from(image.map((l) => l.digest).join()));
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify({
        hash: manifest,
        layers: image.map((l) => ({ hash: l.digest, uri: layers.uri(l) })),
      }),
    });
    const report = (await res.json()) as IndexReport;
    assert.equal(res.status, 201);
    assert.equal(report.state, 'IndexFinished', report.err);
    const found = new Set(Object.values(report.packages).map((p) => `${p.name}@${p.version}`));
    assert.deepEqual([...found].sort(), [...installed].sort());
    assert.deepEqual(
      Object.values(report.repository).map((r) => [r.name, r.uri]),
      [['npm', 'https://www.npmjs.com/']],
    );
    return manifest;
  };

  const affected = async (manifest: string): Promise<Record<string, string[]>> => {
    const res = await fetch(`${runtime.apiUrl}/matcher/api/v1/vulnerability_report/${manifest}`);
    const report = (await res.json()) as VulnerabilityReport;
    assert.equal(res.status, 200);
    const out: Record<string, Set<string>> = {};
    for (const [pkg, ids] of Object.entries(report.package_vulnerabilities)) {
      const p = report.packages[pkg];
      const key = `${p?.name}@${p?.version}`;
      out[key] ??= new Set();
      for (const id of ids) out[key].add(report.vulnerabilities[id]?.name ?? id);
    }
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
  };

  it("npm's semver puts six installed versions in the advisories' ranges, and not debug 2.6.9 or lodash's fixed one", () => {
    assert.deepEqual(affectedBySemver(installedByNpmLs(), advisories), {
      'debug@4.1.1': ['GHSA-gxpj-cx7g-858c'],
      'express@4.17.1': ['GHSA-rv95-896h-c2vc'],
      'lodash@4.17.20': ['GHSA-35jh-r3h4-6jhm'],
      'minimist@1.2.5': ['GHSA-xvch-5gv4-984h'],
      'node-fetch@2.6.0': ['GHSA-w7rc-rwvf-8q5r'],
      'qs@6.7.0': ['GHSA-hrpp-h998-j3pp'],
    });
  });

  it('reports exactly those for the installed node_modules tree', async () => {
    const manifest = await index([tree], installedByNpmLs());
    assert.deepEqual(await affected(manifest), affectedBySemver(installedByNpmLs(), advisories));
  });

  it('reports exactly those for the package-lock.json alone', async () => {
    const manifest = await index([lockfile], installedByNpmLs());
    assert.deepEqual(await affected(manifest), affectedBySemver(installedByNpmLs(), advisories));
  });

  it('reports only the installed ones when a layer installs the lockfile without dev dependencies', async () => {
    const installed = new Set([...installedByNpmLs()].filter((p) => p !== 'node-fetch@2.6.0'));
    assert.equal(installed.size, installedByNpmLs().size - 1);
    const manifest = await index([lockfile, production, lockfile], installed);
    const want = affectedBySemver(installed, advisories);
    assert.deepEqual(await affected(manifest), want);
    assert.equal(want['node-fetch@2.6.0'], undefined);
  });
});
