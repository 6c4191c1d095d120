// Acceptance: Go binaries indexed by the local stack against Go advisories loaded through the osv
// updater. Debian's docker-registry (a real binary, built in GOPATH mode, so only `stdlib` and
// `command-line-arguments`) and, where go is installed, a binary built offline with module
// dependencies. Each report must name exactly the advisories whose SEMVER ranges npm's `semver`
// says hold each module's version, the `v` of Go's versions dropped.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import semver from 'semver';
import { type Blob, digestOf } from '../helpers/layers.ts';
import {
  fetchVulnerabilityReport,
  indexManifest,
  type OsvStack,
  startOsvStack,
  vulnerabilityNames,
} from '../helpers/local-stack.ts';
import {
  buildGoBinaries,
  GO_BUILD_SKIP,
  type GoBuilds,
  type GoVersionM,
  goVersionM,
  layerTar,
} from '../unit/ecosystems/gobin/go-binaries.ts';

const ADVISORIES = join(import.meta.dirname, 'testdata', 'go-advisories');
const REGISTRY = '/usr/bin/docker-registry';
const REGISTRY_SKIP = existsSync(REGISTRY)
  ? false
  : `${REGISTRY} is missing: apt-get install docker-registry to run this test`;

type Event = { introduced?: string; fixed?: string; last_affected?: string };
type Advisory = {
  id: string;
  affected: { package: { name: string }; ranges: { type: string; events: Event[] }[] }[];
};

/** A Go module or toolchain version as npm's semver reads it: `v1.2.3` and `1.2.3` alike. */
const plain = (version: string): string => version.replace(/^v/, '');

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

/** For each `name@version` semver can read, the advisories whose ranges hold it, where there are any. */
function affectedBySemver(modules: Iterable<readonly [string, string]>, advisories: readonly Advisory[]) {
  const out: Record<string, string[]> = {};
  for (const [name, version] of modules) {
    if (semver.valid(plain(version)) === null) continue;
    const hits = advisories.filter((a) =>
      a.affected.some(
        (x) =>
          x.package.name === name &&
          x.ranges.some((r) => r.type === 'SEMVER' && holds(plain(version), r.events)),
      ),
    );
    if (hits.length > 0) out[`${name}@${version}`] = hits.map((a) => a.id).sort();
  }
  return out;
}

/** The packages claircore's gobin names for a binary, from what `go version -m` prints. */
function modulesOf(info: GoVersionM): [string, string][] {
  return [
    ['stdlib', info.goVersion.replace(/^go/, '')],
    info.main ? [...info.main] : ['command-line-arguments', '(devel)'],
    ...info.deps.map(([path, version]): [string, string] => [path, version]),
  ];
}

/** A gzipped layer of one executable at path. */
function binaryLayer(path: string, binary: string): Blob {
  const bytes = gzipSync(layerTar({ [path]: { from: binary, mode: 0o755 } }));
  return { digest: digestOf(bytes), bytes };
}

describe('Go binaries against Go vulnerability database advisories', {
  skip: REGISTRY_SKIP && GO_BUILD_SKIP ? `${REGISTRY_SKIP}; ${GO_BUILD_SKIP}` : false,
}, () => {
  let stack: OsvStack<Advisory>;
  let builds: GoBuilds | undefined;
  const images: Blob[] = [];

  before(async () => {
    if (!REGISTRY_SKIP) images.push(binaryLayer('usr/bin/docker-registry', REGISTRY));
    if (!GO_BUILD_SKIP) {
      builds = buildGoBinaries();
      images.push(binaryLayer('usr/local/bin/hello', builds.binaries.get('linux/amd64') as string));
    }
    stack = await startOsvStack('Go', ADVISORIES, images);
  });
  after(async () => {
    await stack?.close();
    builds?.cleanup();
  });

  /** Indexes the one-layer image, checking it holds exactly the modules, in the Go repository. */
  const index = async (layer: Blob, modules: readonly (readonly [string, string])[]): Promise<string> => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, [layer]);
    assert.deepEqual(
      Object.values(report.packages)
        .map((p) => `${p.name}@${p.version}`)
        .sort(),
      modules.map(([name, version]) => `${name}@${version}`).sort(),
    );
    assert.deepEqual(
      Object.values(report.repository).map((r) => [r.name, r.uri]),
      [['go', 'https://pkg.go.dev/']],
    );
    return report.manifest_hash;
  };

  const affected = async (manifest: string): Promise<Record<string, string[]>> =>
    vulnerabilityNames(await fetchVulnerabilityReport(stack.runtime.apiUrl, manifest));

  it("npm's semver puts Go 1.19.8 in four stdlib advisories and not those fixed by 1.19.8 or introduced later", () => {
    assert.deepEqual(affectedBySemver([['stdlib', '1.19.8']], stack.advisories), {
      'stdlib@1.19.8': ['GO-2023-1751', 'GO-2023-1840', 'GO-2023-1987', 'GO-2023-2043'],
    });
  });

  it("reports exactly those for Debian's docker-registry, built by Go 1.19.8 in GOPATH mode", {
    skip: REGISTRY_SKIP,
  }, async () => {
    const modules = modulesOf(goVersionM(REGISTRY));
    assert.deepEqual(modules, [
      ['stdlib', '1.19.8'],
      ['command-line-arguments', '(devel)'],
    ]);
    const manifest = await index(images[0] as Blob, modules);
    assert.deepEqual(await affected(manifest), affectedBySemver(modules, stack.advisories));
  });

  it('reports exactly the advisories holding the toolchain and each module of a binary built here', {
    skip: GO_BUILD_SKIP,
  }, async () => {
    const modules = modulesOf(goVersionM(builds?.binaries.get('linux/amd64') as string));
    const want = affectedBySemver(modules, stack.advisories);
    // The release's test advisory, and the one fixed in the release the pseudo-version precedes.
    assert.deepEqual(want['example.com/quote@v1.5.2'], ['CLAIRLESS-GO-QUOTE-1']);
    assert.deepEqual(want['example.com/pseudo@v1.2.4-0.20200102030405-abcdefabcdef'], [
      'CLAIRLESS-GO-PSEUDO-1',
    ]);
    const manifest = await index(images.at(-1) as Blob, modules);
    assert.deepEqual(await affected(manifest), want);
  });
});
