import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodejsCoalescer } from '../../../../lib/ecosystems/nodejs/coalescer.ts';
import type { LayerArtifacts, StoredPackage } from '../../../../lib/indexer/types.ts';
import { layer as layerOf } from '../../indexer/coalescer-layers.ts';

const APP = 'usr/src/app';

/** A package as the nodejs scanner stores it, found in the file at path. */
const pkg = (name: string, path: string): StoredPackage => ({
  id: `${name}@1.0.0`,
  name,
  version: '1.0.0',
  kind: 'binary',
  arch: '',
  module: '',
  normalizedVersion: { kind: 'semver', v: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
  source: undefined,
  packageDb: `nodejs:${path}`,
  repositoryHint: 'npm',
  filepath: path,
  sourceId: undefined,
  scanner: 'nodejs',
});
const installed = (name: string, folder = APP) =>
  pkg(name, `${folder === '' ? '' : `${folder}/`}node_modules/${name}/package.json`);
const locked = (name: string, lockfile = `${APP}/package-lock.json`) => pkg(name, lockfile);

const NPM = { id: '1', name: 'npm', key: '', uri: 'https://www.npmjs.com/', cpe: '' };
const layer = (n: number, packages: StoredPackage[], whiteouts: string[] = []): LayerArtifacts =>
  layerOf(n, packages, [NPM], whiteouts);

/** Each package of the image as its name, the file it was found in and the layer number. */
function found(layers: LayerArtifacts[]): string[][] {
  const out = nodejsCoalescer()(layers);
  return [...out.packages.values()]
    .map(({ pkg: p, environments }) => [
      p.name,
      p.filepath,
      ...environments.map((e) => String(layers.findIndex((l) => l.layer === e.introducedIn) + 1)),
    ])
    .sort();
}

describe('nodejs coalescer', () => {
  it('drops what a lockfile names when a layer before it installed its folder: a dev dependency left out is gone', () => {
    const lock = layer(1, [locked('express'), locked('mocha')]);
    const tree = layer(2, [installed('express')]);
    const copied = layer(3, [locked('express'), locked('mocha')]);
    assert.deepEqual(found([lock, tree, copied]), [
      ['express', `${APP}/node_modules/express/package.json`, '2'],
    ]);
    assert.deepEqual(found([lock, tree]), [['express', `${APP}/node_modules/express/package.json`, '2']]);
  });

  it('keeps a lockfile of a folder no layer installed, the root folder too', () => {
    const layers = [
      layer(1, [locked('a', 'srv/tool/npm-shrinkwrap.json'), locked('b', 'package-lock.json')]),
      layer(2, [installed('express'), installed('c', 'srv')]),
    ];
    assert.deepEqual(found(layers), [
      ['a', 'srv/tool/npm-shrinkwrap.json', '1'],
      ['b', 'package-lock.json', '1'],
      ['c', 'srv/node_modules/c/package.json', '2'],
      ['express', `${APP}/node_modules/express/package.json`, '2'],
    ]);
  });

  it('reads the root folder as installed by a node_modules at the root', () => {
    const layers = [layer(1, [locked('b', 'package-lock.json')]), layer(2, [installed('b', '')])];
    assert.deepEqual(found(layers), [['b', 'node_modules/b/package.json', '2']]);
  });

  it('still whites out a package whose file a later layer deleted', () => {
    const layers = [
      layer(1, [installed('express'), installed('debug')]),
      layer(2, [], [`${APP}/node_modules/.wh.debug`]),
    ];
    assert.deepEqual(found(layers), [['express', `${APP}/node_modules/express/package.json`, '1']]);
  });
});
