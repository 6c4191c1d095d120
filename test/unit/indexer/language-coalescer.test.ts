import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { languageCoalescer } from '../../../lib/indexer/language-coalescer.ts';
import type { LayerArtifacts, StoredPackage, StoredRepository } from '../../../lib/indexer/types.ts';
import { environmentsById, layer } from './coalescer-layers.ts';

const pkg = (id: string, site = 'usr/lib/python3.11/site-packages'): StoredPackage => ({
  id,
  name: `pkg-${id}`,
  version: '1.0',
  kind: 'binary',
  arch: '',
  module: '',
  normalizedVersion: { kind: 'pep440', v: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
  source: undefined,
  packageDb: `python:${site}`,
  repositoryHint: 'https://pypi.org/simple',
  filepath: `${site}/pkg-${id}-1.0.dist-info/METADATA`,
  sourceId: undefined,
  scanner: 'python',
});

const repo = (id: string): StoredRepository => ({
  id,
  name: 'pypi',
  key: '',
  uri: 'https://pypi.org/simple',
  cpe: '',
});

const summary = (layers: LayerArtifacts[]) => environmentsById(languageCoalescer(), layers);

describe('language coalescer', () => {
  const site = 'python:usr/lib/python3.11/site-packages';
  const cases: [name: string, layers: LayerArtifacts[], want: Record<string, unknown[]>][] = [
    ['no layers, nothing', [], {}],
    [
      'one layer: each package one environment in it',
      [layer(1, [pkg('a'), pkg('b')], [repo('r1')])],
      {
        a: [[site, 1, ['r1']]],
        b: [[site, 1, ['r1']]],
      },
    ],
    [
      'every repository of the layer is named',
      [layer(1, [pkg('a')], [repo('r1'), repo('r2')])],
      {
        a: [[site, 1, ['r1', 'r2']]],
      },
    ],
    [
      'a layer without a repository contributes nothing',
      [layer(1, [pkg('a')], []), layer(2, [pkg('b')], [repo('r1')])],
      { b: [[site, 2, ['r1']]] },
    ],
    [
      'the same package in a later layer replaces the earlier, with its database',
      [
        layer(1, [pkg('a'), pkg('b')], [repo('r1')]),
        layer(2, [pkg('a', 'opt/venv/lib/python3.11/site-packages')], [repo('r1')]),
      ],
      {
        a: [['python:opt/venv/lib/python3.11/site-packages', 2, ['r1']]],
        b: [[site, 1, ['r1']]],
      },
    ],
    [
      'packages of earlier layers stay when a later layer lacks them',
      [layer(1, [pkg('a')], [repo('r1')]), layer(2, [pkg('c')], [repo('r1')])],
      { a: [[site, 1, ['r1']]], c: [[site, 2, ['r1']]] },
    ],
    [
      'a whiteout of its dist-info folder in a later layer deletes a package',
      [
        layer(1, [pkg('a'), pkg('b')], [repo('r1')]),
        layer(2, [], [], ['usr/lib/python3.11/site-packages/.wh.pkg-a-1.0.dist-info']),
      ],
      { b: [[site, 1, ['r1']]] },
    ],
    [
      'an opaque whiteout of site-packages deletes all below it',
      [
        layer(1, [pkg('a'), pkg('b')], [repo('r1')]),
        layer(2, [], [], ['usr/lib/python3.11/site-packages/.wh..wh..opq']),
      ],
      {},
    ],
    [
      'a whiteout in the same layer or a lower one deletes nothing',
      [
        layer(1, [], [], ['usr/lib/python3.11/site-packages/.wh.pkg-a-1.0.dist-info']),
        layer(2, [pkg('a')], [repo('r1')], ['usr/lib/python3.11/site-packages/.wh.pkg-a-1.0.dist-info']),
      ],
      { a: [[site, 2, ['r1']]] },
    ],
    [
      'a package deleted and installed again in a later layer stays, in that layer',
      [
        layer(1, [pkg('a')], [repo('r1')]),
        layer(2, [], [], ['usr/lib/python3.11/site-packages/.wh.pkg-a-1.0.dist-info']),
        layer(3, [pkg('a')], [repo('r1')]),
      ],
      { a: [[site, 3, ['r1']]] },
    ],
    [
      'a whiteout of a sibling with a longer name deletes nothing',
      [
        layer(1, [pkg('a')], [repo('r1')]),
        layer(2, [], [], ['usr/lib/python3.11/site-packages/.wh.pkg-a-1.0.dist-info-old']),
      ],
      { a: [[site, 1, ['r1']]] },
    ],
  ];
  for (const [name, layers, want] of cases) it(name, () => assert.deepEqual(summary(layers), want));

  it('returns the repositories of the contributing layers and no distributions', () => {
    const out = languageCoalescer()([
      layer(1, [pkg('a')], [repo('r1')]),
      layer(2, [], [repo('r2')]),
      layer(3, [pkg('b')], []),
    ]);
    assert.deepEqual([...out.repositories.keys()], ['r1', 'r2']);
    assert.equal(out.distributions.size, 0);
  });

  it('gives each language its own coalescer, so the indexer keeps their packages apart', () => {
    assert.notEqual(languageCoalescer(), languageCoalescer());
  });
});
