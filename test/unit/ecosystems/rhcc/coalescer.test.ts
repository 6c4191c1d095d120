import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rhccCoalescer } from '../../../../lib/ecosystems/rhcc/coalescer.ts';
import type { Digest } from '../../../../lib/indexer/digest.ts';
import type { LayerArtifacts, StoredPackage, StoredRepository } from '../../../../lib/indexer/types.ts';

const layerHash = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}` as Digest;
const stream = (minor: number) => ({ kind: 'rhctag', v: [1, minor, 0, 0, 0, 0, 0, 0, 0, 0] });

const pkg = (id: string, minor: number, hint = 'rhcc'): StoredPackage => ({
  id,
  name: `image-${id}`,
  version: `1.${minor}-1`,
  kind: 'binary',
  arch: 'x86_64',
  module: '',
  normalizedVersion: stream(minor),
  source: undefined,
  packageDb: `root/buildinfo/Dockerfile-image-1.${minor}-1`,
  repositoryHint: hint,
  filepath: '',
  sourceId: undefined,
  scanner: 'rhel_containerscanner',
});

const repo = (id: string): StoredRepository => ({
  id,
  name: 'Red Hat Container Catalog',
  key: 'rhcc-container-repository',
  uri: '',
  cpe: '',
});

const layer = (n: number, packages: StoredPackage[], repositories: StoredRepository[]): LayerArtifacts => ({
  layer: layerHash(n),
  packages,
  distributions: [],
  repositories,
  files: [],
});

/** Package id -> [normalised version kind, layer it is placed in, its repository ids]. */
function summary(layers: LayerArtifacts[]) {
  const out = rhccCoalescer(layers);
  return Object.fromEntries(
    [...out.packages].map(([id, { pkg, environments }]) => [
      id,
      [pkg.normalizedVersion?.kind, ...environments.map((e) => [e.introducedIn, e.repositoryIds.join(',')])],
    ]),
  );
}

describe('rhcc coalescer', () => {
  const cases: [name: string, layers: LayerArtifacts[], want: Record<string, unknown[]>][] = [
    [
      'one image layer stays matchable',
      [layer(1, [pkg('a', 1)], [repo('r1')])],
      { a: ['rhctag', [layerHash(1), 'r1']] },
    ],
    [
      'only the topmost image layer stays matchable; its bases are unmatchable',
      [
        layer(1, [pkg('base', 1)], [repo('r1')]),
        layer(2, [], []),
        layer(3, [pkg('top', 2)], [repo('r1'), repo('r2')]),
      ],
      { top: ['rhctag', [layerHash(3), 'r1,r2']], base: ['unmatchable', [layerHash(1), 'r1']] },
    ],
    [
      'a top layer with repositories but no image package still makes the lower ones unmatchable',
      [layer(1, [pkg('base', 1)], [repo('r1')]), layer(2, [], [repo('r1')])],
      { base: ['unmatchable', [layerHash(1), 'r1']] },
    ],
    ['layers without repositories are passed over', [layer(1, [pkg('a', 1)], []), layer(2, [], [])], {}],
    [
      'packages another scanner hinted are left out',
      [layer(1, [pkg('rpm', 1, 'hash:abc')], [repo('r1')])],
      {},
    ],
    ['no layers, no packages', [], {}],
  ];
  for (const [name, layers, want] of cases) {
    it(name, () => {
      assert.deepEqual(summary(layers), want);
    });
  }

  it('keeps the version numbers of an unmatchable package and changes nothing else', () => {
    const base = pkg('base', 7);
    const out = rhccCoalescer([layer(1, [base], [repo('r1')]), layer(2, [pkg('top', 8)], [repo('r1')])]);
    assert.deepEqual(out.packages.get('base')?.pkg, {
      ...base,
      normalizedVersion: { kind: 'unmatchable', v: stream(7).v },
    });
    assert.deepEqual([...out.repositories.keys()], ['r1']);
    assert.equal(out.distributions.size, 0);
  });
});
