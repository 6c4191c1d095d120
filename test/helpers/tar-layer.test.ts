import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { gnuTar } from '../unit/indexer/tar-build.ts';
import { layerOfTar, tarLayers } from './tar-layer.ts';

// A scanner that wants its file on disk, as the rpm scanners want their databases.
const scanners = [
  { wants: (path: string) => (path === 'var/lib/rpm/rpmdb.sqlite' ? 'file' : 'none') } as const,
];
const tar = gnuTar({ 'var/lib/rpm/rpmdb.sqlite': 'db bytes', 'etc/hostname': 'x\n' });

describe('tar layer helper', () => {
  it('keeps the files spilled to disk until dispose()', () => {
    const layer = layerOfTar(scanners, tar);
    const spilled = layer.files.entry('var/lib/rpm/rpmdb.sqlite')?.file;
    assert.ok(spilled !== undefined);
    assert.equal(layer.files.text('var/lib/rpm/rpmdb.sqlite'), 'db bytes');
    layer.dispose();
    assert.equal(existsSync(spilled), false);
  });

  describe('tarLayers', () => {
    const layers = tarLayers(scanners);
    const spilled: string[] = [];
    afterEach(() => layers.disposeAll());

    it('keeps every layer of a test readable until disposeAll()', () => {
      for (const _ of [1, 2]) {
        const files = layers.of(tar);
        spilled.push(files.entry('var/lib/rpm/rpmdb.sqlite')?.file ?? '');
        assert.equal(files.text('var/lib/rpm/rpmdb.sqlite'), 'db bytes');
      }
      assert.ok(spilled.every(existsSync));
    });

    it('removed the files of the test before', () => {
      assert.equal(spilled.length, 2);
      assert.ok(!spilled.some(existsSync));
    });
  });
});
