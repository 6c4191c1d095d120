import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULTS } from '../../../lib/config/defaults.ts';
import { layerFiles } from '../../../lib/indexer/layer-files.ts';
import { createLayerWalk } from '../../../lib/indexer/layer-walk.ts';
import { createTarParser } from '../../../lib/indexer/tar/tar-parser.ts';
import type { LayerArtifacts } from '../../../lib/indexer/types.ts';
import { covers, whitedOut, whiteoutScanner } from '../../../lib/indexer/whiteout.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');

describe('whiteout scanner', () => {
  let spillDir: string;
  before(() => {
    spillDir = mkdtempSync(join(tmpdir(), 'clairless-whiteout-'));
  });
  after(() => {
    rmSync(spillDir, { recursive: true, force: true });
  });

  /** The scanner's findings in a testdata layer, walked as the indexer walks it. */
  async function scanLayer(name: string) {
    const walk = createLayerWalk([whiteoutScanner], DEFAULTS.indexer.layerLimits, spillDir);
    const parser = createTarParser(walk.onEntry);
    parser.push(readFileSync(join(TESTDATA, name)));
    parser.end();
    return whiteoutScanner.scan(layerFiles(walk.entries));
  }

  it('keeps claircore’s name, version and kind', () => {
    assert.deepEqual(
      { name: whiteoutScanner.name, version: whiteoutScanner.version, kind: whiteoutScanner.kind },
      { name: 'whiteout', version: '1', kind: 'file' },
    );
  });

  const wants: { path: string; want: string }[] = [
    { path: 'etc/.wh.profile', want: 'presence' },
    { path: '.wh.b', want: 'presence' },
    { path: 'a/.wh..wh..opq', want: 'presence' },
    { path: 'etc/profile', want: 'none' },
    { path: 'b/not.a.wh..wh..opq', want: 'none' },
    { path: '.wh.dir/file', want: 'none' },
  ];
  for (const { path, want } of wants) {
    it(`asks ${want} of ${path}`, () => {
      assert.equal(whiteoutScanner.wants(path, 'file'), want);
    });
  }

  // The layers and counts of claircore's whiteout/scanner_test.go, with the paths spelled out.
  const layers: { name: string; want: string[] }[] = [
    { name: 'whiteout.layer', want: ['etc/.wh.profile'] },
    { name: 'whiteout_advanced.layer', want: ['a/.wh.a_file.txt', '.wh.a_root_file.txt', '.wh.b'] },
    { name: 'whiteout_opaque.layer', want: ['a/.wh..wh..opq'] },
  ];
  for (const { name, want } of layers) {
    it(`finds the whiteouts of ${name}`, async () => {
      const found = await scanLayer(name);

      assert.deepEqual(
        found,
        want.map((path) => ({ path, kind: 'whiteout' })),
      );
    });
  }
});

describe('covers', () => {
  // The first nine cases are claircore's TestIsDeleted (whiteout/resolver_test.go).
  const cases: { whiteout: string; path: string; want: boolean }[] = [
    { whiteout: 'a/.wh.b', path: 'a/b', want: true },
    { whiteout: 'a/.wh.b', path: 'a/c', want: false },
    { whiteout: 'a/.wh..wh..opq', path: 'a/b/c/foo', want: true },
    { whiteout: 'a/.wh..wh..opq', path: 'c/foo', want: false },
    { whiteout: 'a/.wh.file.wh.txt', path: 'a/file.wh.txt', want: true },
    { whiteout: 'file.wh.d/.wh.file.conf', path: 'file.wh.d/file.conf', want: true },
    { whiteout: 'not/a/white/out', path: 'some/file', want: false },
    { whiteout: 'a/b/.wh..wh..opq', path: 'a', want: false },
    { whiteout: 'a/.wh..wh..opq', path: 'a', want: false },
    { whiteout: 'a/.wh.b', path: 'a/b/c', want: true },
    { whiteout: 'a/.wh.b', path: 'a/bc', want: false },
    { whiteout: 'a/.wh.b', path: 'b', want: false },
    { whiteout: '.wh.b', path: 'b/c', want: true },
    { whiteout: '.wh.b', path: 'a/b', want: false },
    { whiteout: 'a/.wh..wh..opq', path: 'ab/c', want: false },
    { whiteout: '.wh..wh..opq', path: 'any/thing', want: true },
  ];
  for (const { whiteout, path, want } of cases) {
    it(`${want ? 'hides' : 'does not hide'} ${path} under ${whiteout}`, () => {
      assert.equal(covers(whiteout, path), want);
    });
  }
});

describe('whitedOut', () => {
  const layer = (name: string, whiteouts: string[]): LayerArtifacts => ({
    layer: `sha256:${name.padEnd(64, '0')}`,
    packages: [],
    distributions: [],
    repositories: [],
    files: whiteouts.map((path) => ({ path, kind: 'whiteout' })),
  });
  const PATH = 'usr/lib/python3/site-packages/a_package/METADATA';
  const layers = [
    layer('a', ['usr/lib/python3/site-packages/.wh.b_package']),
    layer('b', ['usr/lib/python3/site-packages/.wh.a_package']),
    layer('c', []),
  ];

  const cases: { name: string; layerIndex: number; path: string; want: boolean }[] = [
    {
      name: 'hides a path of a lower layer under a whiteout above it',
      layerIndex: 0,
      path: PATH,
      want: true,
    },
    { name: 'leaves a path added again above the whiteout', layerIndex: 2, path: PATH, want: false },
    {
      name: 'leaves a path under a whiteout of its own layer',
      layerIndex: 0,
      path: 'usr/lib/python3/site-packages/b_package/METADATA',
      want: false,
    },
    {
      name: 'leaves a path that only shares a prefix with the whiteout',
      layerIndex: 0,
      path: 'usr/lib/python3/site-packages/a_package2/METADATA',
      want: false,
    },
  ];
  for (const { name, layerIndex, path, want } of cases) {
    it(name, () => {
      assert.equal(whitedOut(path, layerIndex, layers), want);
    });
  }
});
