import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { photonDistributionScanner } from '../../../../lib/ecosystems/photon/distribution-scanner.ts';
import { layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const releases = readdirSync(TESTDATA)
  .filter((d) => d.startsWith('photon-'))
  .sort();

describe('photon distribution scanner', () => {
  it('is the distribution scanner photon, version v0.0.1', () => {
    assert.deepEqual(
      [photonDistributionScanner.name, photonDistributionScanner.version, photonDistributionScanner.kind],
      ['photon', 'v0.0.1', 'distribution'],
    );
  });

  // claircore's photon TestDistributionScanner: Photon 1.0 to 5.0.
  for (const release of releases) {
    it(`reports ${release}`, async () => {
      const got = await photonDistributionScanner.scan(
        layerOfDir(photonDistributionScanner, join(TESTDATA, release)),
      );
      assert.deepEqual(got, JSON.parse(readFileSync(join(TESTDATA, release, 'want.json'), 'utf8')));
    });
  }

  it('reports Photon 5.0 from usr/lib/os-release through the etc/os-release symlink', async () => {
    const got = await photonDistributionScanner.scan(
      layerOf(photonDistributionScanner, [
        ['etc/os-release', { symlink: '../usr/lib/os-release' }],
        ['usr/lib/os-release', { from: join(TESTDATA, 'photon-5.0', 'etc', 'os-release') }],
      ]),
    );
    assert.equal(got[0]?.version, '5.0');
  });

  it('reports nothing for another RPM distribution', async () => {
    const sles = join(import.meta.dirname, '..', 'suse', 'testdata', 'sles-15-sp5');
    assert.deepEqual(await photonDistributionScanner.scan(layerOfDir(photonDistributionScanner, sles)), []);
  });

  it('reports nothing for a layer without os-release', async () => {
    assert.deepEqual(await photonDistributionScanner.scan(layerOf(photonDistributionScanner, [])), []);
  });
});
