import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rpmOsReleaseDistributionScanner } from '../../../../lib/ecosystems/rpm/distribution-scanner.ts';
import { layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const scanDir = (dir: string) =>
  rpmOsReleaseDistributionScanner.scan(layerOfDir(rpmOsReleaseDistributionScanner, dir));

describe('rpm os-release distribution scanner', () => {
  it('is the distribution scanner os-release, version 2', () => {
    const s = rpmOsReleaseDistributionScanner;
    assert.deepEqual([s.name, s.version, s.kind], ['os-release', '2', 'distribution']);
  });

  for (const release of ['rocky-9', 'almalinux-9', 'centos-7', 'fedora-39']) {
    it(`reports ${release} as its os-release describes it`, async () => {
      const dir = join(TESTDATA, release);
      assert.deepEqual(await scanDir(dir), JSON.parse(readFileSync(join(dir, 'want.json'), 'utf8')));
    });
  }

  it('reports Rocky Linux 9 from usr/lib/os-release through the etc/os-release symlink', async () => {
    const got = await rpmOsReleaseDistributionScanner.scan(
      layerOf(rpmOsReleaseDistributionScanner, [
        ['etc/os-release', { symlink: '../usr/lib/os-release' }],
        ['usr/lib/os-release', { from: join(TESTDATA, 'rocky-9', 'etc', 'os-release') }],
      ]),
    );
    assert.equal(got[0]?.did, 'rocky');
  });

  // These have scanners of their own.
  const others = [
    join('rhel', 'testdata', 'releasefiles', '9'),
    join('aws', 'testdata', 'amzn-2023'),
    join('suse', 'testdata', 'sles-15-sp5'),
    join('photon', 'testdata', 'photon-5.0'),
    join('debian', 'testdata', 'dist', '12'),
  ];
  for (const other of others) {
    it(`reports nothing for ${other}`, async () => {
      assert.deepEqual(await scanDir(join(import.meta.dirname, '..', other)), []);
    });
  }

  it('reports nothing for a layer without os-release', async () => {
    assert.deepEqual(
      await rpmOsReleaseDistributionScanner.scan(layerOf(rpmOsReleaseDistributionScanner, [])),
      [],
    );
  });
});
