import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { distrolessScanner } from '../../../../lib/ecosystems/debian/distroless-scanner.ts';
import type { ScannedPackage } from '../../../../lib/indexer/types.ts';
import { entriesOfDir, layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const ROOT = join(TESTDATA, 'distroless');
const want: ScannedPackage[] = JSON.parse(readFileSync(join(TESTDATA, 'distroless.want.json'), 'utf8'));

describe('dpkg distroless scanner', () => {
  it('is the package scanner dpkg-distroless, version 1', () => {
    assert.deepEqual(
      [distrolessScanner.name, distrolessScanner.version, distrolessScanner.kind],
      ['dpkg-distroless', '1', 'package'],
    );
  });

  const wants: { path: string; type: 'file' | 'dir'; want: string }[] = [
    { path: 'var/lib/dpkg/status.d/base', type: 'file', want: 'content' },
    { path: 'status.d/tzdata', type: 'file', want: 'content' },
    { path: 'var/lib/dpkg/status.d/base.md5sums', type: 'file', want: 'none' },
    { path: 'var/lib/dpkg/status.d', type: 'dir', want: 'none' },
    { path: 'var/lib/dpkg/status.d/sub/x', type: 'file', want: 'none' },
    { path: 'var/lib/dpkg/status', type: 'file', want: 'none' },
  ];
  for (const w of wants) {
    it(`wants ${w.type} ${w.path} as ${w.want}`, () =>
      assert.equal(distrolessScanner.wants(w.path, w.type), w.want));
  }

  it('reports one package per status.d file, with no Status check', async () => {
    assert.deepEqual(await distrolessScanner.scan(layerOfDir(distrolessScanner, ROOT)), want);
  });

  it('ignores the .md5sums files beside the control files', async () => {
    const files = layerOfDir(distrolessScanner, ROOT);
    assert.ok(![...files.paths()].some((p) => p.endsWith('.md5sums')));
    assert.equal((await distrolessScanner.scan(files)).length, 4);
  });

  it('finds a status.d folder anywhere in the layer', async () => {
    const entries = entriesOfDir(ROOT).map(([p, s]): [string, typeof s] => [`opt/app/${p}`, s]);
    const got = await distrolessScanner.scan(layerOf(distrolessScanner, entries));
    assert.deepEqual(
      got,
      want.map((p) => ({ ...p, packageDb: `opt/app/${p.packageDb}` })),
    );
  });

  it('reports nothing for a layer without status.d', async () => {
    assert.deepEqual(
      await distrolessScanner.scan(layerOf(distrolessScanner, [['etc/os-release', 'ID=debian\n']])),
      [],
    );
  });
});
