import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gobinCoalescer } from '../../../../lib/ecosystems/gobin/coalescer.ts';
import type { LayerArtifacts, StoredPackage, StoredRepository } from '../../../../lib/indexer/types.ts';
import { environmentsById, layer } from '../../indexer/coalescer-layers.ts';

const pkg = (id: string, binary = 'usr/local/bin/app', packageDb = `go:${binary}`): StoredPackage => ({
  id,
  name: `example.com/mod-${id}`,
  version: 'v1.0.0',
  kind: 'binary',
  arch: '',
  module: '',
  normalizedVersion: { kind: 'semver', v: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
  source: undefined,
  packageDb,
  repositoryHint: '',
  filepath: binary,
  sourceId: undefined,
  scanner: 'gobin',
});

const go = (id: string): StoredRepository => ({
  id,
  name: 'go',
  key: '',
  uri: 'https://pkg.go.dev/',
  cpe: '',
});
const other = (id: string): StoredRepository => ({
  id,
  name: 'pypi',
  key: '',
  uri: 'https://pypi.org/simple',
  cpe: '',
});

const summary = (layers: LayerArtifacts[]) => environmentsById(gobinCoalescer(), layers);

describe('gobin coalescer', () => {
  const app = 'go:usr/local/bin/app';
  const cases: [name: string, layers: LayerArtifacts[], want: Record<string, unknown[]>][] = [
    ['no layers, nothing', [], {}],
    [
      'each package one environment in its layer, naming the go repository',
      [layer(1, [pkg('a'), pkg('b')], [go('g1')])],
      { a: [[app, 1, ['g1']]], b: [[app, 1, ['g1']]] },
    ],
    [
      'only packages found in Go binaries',
      [layer(1, [pkg('a'), pkg('p', 'usr/lib/site-packages', 'python:usr/lib/site-packages')], [go('g1')])],
      { a: [[app, 1, ['g1']]] },
    ],
    [
      'only the go repository: others of the layer are not named',
      [layer(1, [pkg('a')], [other('p1'), go('g1')])],
      { a: [[app, 1, ['g1']]] },
    ],
    [
      'the same package in a later layer replaces the earlier, with its binary',
      [layer(1, [pkg('a'), pkg('b')], [go('g1')]), layer(2, [pkg('a', 'opt/app')], [go('g1')])],
      { a: [['go:opt/app', 2, ['g1']]], b: [[app, 1, ['g1']]] },
    ],
    [
      'a whiteout of its binary in a later layer deletes its packages',
      [
        layer(1, [pkg('a'), pkg('b', 'usr/bin/other')], [go('g1')]),
        layer(2, [], [], ['usr/local/bin/.wh.app']),
      ],
      { b: [['go:usr/bin/other', 1, ['g1']]] },
    ],
  ];
  for (const [name, layers, want] of cases) it(name, () => assert.deepEqual(summary(layers), want));

  it('returns only the go repository, and no distributions', () => {
    const out = gobinCoalescer()([layer(1, [pkg('a')], [other('p1'), go('g1')]), layer(2, [], [go('g2')])]);

    assert.deepEqual([...out.repositories.keys()], ['g1', 'g2']);
    assert.equal(out.distributions.size, 0);
  });
});
