import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { suseDistributionScanner } from '../../../../lib/ecosystems/suse/distribution-scanner.ts';
import { layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const releases = readdirSync(TESTDATA)
  .filter((d) => /^(sles|leap)-/.test(d))
  .sort();

describe('suse distribution scanner', () => {
  it('is the distribution scanner suse, version v0.0.1', () => {
    assert.deepEqual(
      [suseDistributionScanner.name, suseDistributionScanner.version, suseDistributionScanner.kind],
      ['suse', 'v0.0.1', 'distribution'],
    );
  });

  // claircore's suse TestDistributionScanner: SLES by its major release, Leap by its version.
  for (const release of releases) {
    it(`reports ${release}`, async () => {
      const got = await suseDistributionScanner.scan(
        layerOfDir(suseDistributionScanner, join(TESTDATA, release)),
      );
      assert.deepEqual(got, JSON.parse(readFileSync(join(TESTDATA, release, 'want.json'), 'utf8')));
    });
  }

  it('reports Leap 15.5 from usr/lib/os-release through the etc/os-release symlink', async () => {
    const got = await suseDistributionScanner.scan(
      layerOf(suseDistributionScanner, [
        ['etc/os-release', { symlink: '../usr/lib/os-release' }],
        ['usr/lib/os-release', { from: join(TESTDATA, 'leap-15.5', 'etc', 'os-release') }],
      ]),
    );
    assert.equal(got[0]?.version, '15.5');
  });

  it('reports nothing for another RPM distribution', async () => {
    const photon = join(import.meta.dirname, '..', 'photon', 'testdata', 'photon-5.0');
    assert.deepEqual(await suseDistributionScanner.scan(layerOfDir(suseDistributionScanner, photon)), []);
  });

  it('reports nothing for a layer without os-release', async () => {
    assert.deepEqual(await suseDistributionScanner.scan(layerOf(suseDistributionScanner, [])), []);
  });
});
