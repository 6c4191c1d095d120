import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { awsDistributionScanner } from '../../../../lib/ecosystems/aws/distribution-scanner.ts';
import { layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const releases = readdirSync(TESTDATA)
  .filter((d) => d.startsWith('amzn-'))
  .sort();

describe('aws distribution scanner', () => {
  it('is the distribution scanner aws, version 2', () => {
    assert.deepEqual(
      [awsDistributionScanner.name, awsDistributionScanner.version, awsDistributionScanner.kind],
      ['aws', '2', 'distribution'],
    );
  });

  // claircore's aws TestDistributionScanner: every Amazon Linux 1 point release is the one
  // release, 2018.03, that ALAS tracks; then Amazon Linux 2 and 2023.
  for (const release of releases) {
    it(`reports ${release}`, async () => {
      const got = await awsDistributionScanner.scan(
        layerOfDir(awsDistributionScanner, join(TESTDATA, release)),
      );
      assert.deepEqual(got, JSON.parse(readFileSync(join(TESTDATA, release, 'want.json'), 'utf8')));
    });
  }

  it('reports Amazon Linux 2023 from usr/lib/os-release through the etc/os-release symlink', async () => {
    const got = await awsDistributionScanner.scan(
      layerOf(awsDistributionScanner, [
        ['etc/os-release', { symlink: '../usr/lib/os-release' }],
        ['usr/lib/os-release', { from: join(TESTDATA, 'amzn-2023', 'etc', 'os-release') }],
      ]),
    );
    assert.equal(got[0]?.version, '2023');
  });

  it('reports nothing for another RPM distribution', async () => {
    const fedora = join(import.meta.dirname, '..', 'rpm', 'testdata', 'fedora-39');
    assert.deepEqual(await awsDistributionScanner.scan(layerOfDir(awsDistributionScanner, fedora)), []);
  });

  it('reports nothing for a layer without os-release', async () => {
    assert.deepEqual(await awsDistributionScanner.scan(layerOf(awsDistributionScanner, [])), []);
  });
});
