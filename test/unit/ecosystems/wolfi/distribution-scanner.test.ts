import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { wolfiDistributionScanner } from '../../../../lib/ecosystems/wolfi/distribution-scanner.ts';
import { layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');

describe('wolfi distribution scanner', () => {
  it('is the distribution scanner wolfi, version 1', () => {
    assert.deepEqual(
      [wolfiDistributionScanner.name, wolfiDistributionScanner.version, wolfiDistributionScanner.kind],
      ['wolfi', '1', 'distribution'],
    );
  });

  for (const name of ['wolfi', 'chainguard']) {
    it(`reports ${name} from its os-release`, async () => {
      const got = await wolfiDistributionScanner.scan(
        layerOfDir(wolfiDistributionScanner, join(TESTDATA, name)),
      );
      assert.deepEqual(got, JSON.parse(readFileSync(join(TESTDATA, name, 'want.json'), 'utf8')));
    });
  }

  it('reports Wolfi from usr/lib/os-release through the etc/os-release symlink', async () => {
    const got = await wolfiDistributionScanner.scan(
      layerOf(wolfiDistributionScanner, [
        ['etc/os-release', { symlink: '../usr/lib/os-release' }],
        ['usr/lib/os-release', { from: join(TESTDATA, 'wolfi', 'etc', 'os-release') }],
      ]),
    );
    assert.equal(got[0]?.did, 'wolfi');
  });

  it('reports nothing for Alpine, whose packages Wolfi shares the format of', async () => {
    const alpine = join(import.meta.dirname, '..', 'alpine', 'testdata', 'dist', '3.18', 'etc', 'os-release');
    const got = await wolfiDistributionScanner.scan(
      layerOf(wolfiDistributionScanner, [['etc/os-release', { from: alpine }]]),
    );
    assert.deepEqual(got, []);
  });

  it('reports nothing for a layer without os-release', async () => {
    assert.deepEqual(await wolfiDistributionScanner.scan(layerOf(wolfiDistributionScanner, [])), []);
  });
});
