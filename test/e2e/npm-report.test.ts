// Acceptance: a node_modules tree npm installed (express 4.17.1, lodash 4.17.20, minimist 1.2.5,
// debug 4.1.1 with express's debug 2.6.9 nested, …), and the same project as its package-lock.json
// alone, indexed by the local stack against real npm advisories loaded through the osv updater.
// Each report must name exactly the advisories whose SEMVER ranges npm's own `semver` says hold
// each installed version, with the nodejs matcher on by default; in an image whose lockfile layer
// comes before a tree installed without dev dependencies, only what is installed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import semver from 'semver';
import { type Blob, layerFromTree } from '../helpers/layers.ts';
import {
  fetchVulnerabilityReport,
  indexManifest,
  type OsvStack,
  startOsvStack,
  vulnerabilityNames,
} from '../helpers/local-stack.ts';
import { installedByNpmLs, installedTree, packageLock } from '../unit/ecosystems/nodejs/npm-tree.ts';

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
  let stack: OsvStack<Advisory>;
  let tree: Blob;
  let lockfile: Blob;
  let production: Blob;

  before(async () => {
    tree = await layerFromTree(installedTree(APP));
    lockfile = await layerFromTree({ [`${APP}/package-lock.json`]: packageLock() });
    // `npm ci --omit=dev`: the tree without node-fetch, the one dev dependency.
    production = await layerFromTree(
      Object.fromEntries(Object.entries(installedTree(APP)).filter(([p]) => !p.includes('/node-fetch/'))),
    );
    stack = await startOsvStack('npm', ADVISORIES, [tree, lockfile, production]);
  });
  after(() => stack?.close());

  /** Indexes an image of the layers, checking it holds the installed packages. */
  const index = async (image: readonly Blob[], installed: ReadonlySet<string>): Promise<string> => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, image);
    const found = new Set(Object.values(report.packages).map((p) => `${p.name}@${p.version}`));
    assert.deepEqual([...found].sort(), [...installed].sort());
    assert.deepEqual(
      Object.values(report.repository).map((r) => [r.name, r.uri]),
      [['npm', 'https://www.npmjs.com/']],
    );
    return report.manifest_hash;
  };

  const affected = async (manifest: string): Promise<Record<string, string[]>> =>
    vulnerabilityNames(await fetchVulnerabilityReport(stack.runtime.apiUrl, manifest));

  it("npm's semver puts six installed versions in the advisories' ranges, and not debug 2.6.9 or lodash's fixed one", () => {
    assert.deepEqual(affectedBySemver(installedByNpmLs(), stack.advisories), {
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
    assert.deepEqual(await affected(manifest), affectedBySemver(installedByNpmLs(), stack.advisories));
  });

  it('reports exactly those for the package-lock.json alone', async () => {
    const manifest = await index([lockfile], installedByNpmLs());
    assert.deepEqual(await affected(manifest), affectedBySemver(installedByNpmLs(), stack.advisories));
  });

  it('reports only the installed ones when a layer installs the lockfile without dev dependencies', async () => {
    const installed = new Set([...installedByNpmLs()].filter((p) => p !== 'node-fetch@2.6.0'));
    assert.equal(installed.size, installedByNpmLs().size - 1);
    const manifest = await index([lockfile, production, lockfile], installed);
    const want = affectedBySemver(installed, stack.advisories);
    assert.deepEqual(await affected(manifest), want);
    assert.equal(want['node-fetch@2.6.0'], undefined);
  });
});
