import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { oracleDistributionScanner } from '../../../../lib/ecosystems/oracle/distribution-scanner.ts';
import { type EntrySpec, entriesOfDir, layerOf } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const want = (dir: string) => JSON.parse(readFileSync(join(TESTDATA, dir, 'want.json'), 'utf8'));
const scan = (entries: [string, EntrySpec][]) =>
  oracleDistributionScanner.scan(layerOf(oracleDistributionScanner, entries));

describe('oracle distribution scanner', () => {
  it('is the distribution scanner oracle, version 1', () => {
    assert.deepEqual(
      [oracleDistributionScanner.name, oracleDistributionScanner.version, oracleDistributionScanner.kind],
      ['oracle', '1', 'distribution'],
    );
  });

  it('wants os-release, oracle-release and etc/issue as content', () => {
    // Oracle Linux 5 has neither os-release nor oracle-release: claircore reads etc/issue.
    for (const path of ['etc/os-release', 'etc/oracle-release', 'etc/issue']) {
      assert.equal(oracleDistributionScanner.wants(path, 'file'), 'content', path);
    }
  });

  // claircore's oracle TestDistributionScanner: minor releases are reported as their major one.
  for (const release of ['ol-9.2', 'ol-8.0', 'ol-7.7', 'ol-6.10']) {
    it(`reports ${release} from os-release as its major release`, async () => {
      assert.deepEqual(await scan(entriesOfDir(join(TESTDATA, release))), want(release));
    });
  }

  it('reports ol-5.11 from etc/issue', async () => {
    assert.deepEqual(await scan(entriesOfDir(join(TESTDATA, 'ol-5.11'))), want('ol-5.11'));
  });

  // claircore's rhel releasefiles: oracle-release beside a redhat-release naming RHEL.
  for (const release of ['oracle-6', 'oracle-7', 'oracle-8', 'oracle-9']) {
    it(`reports ${release} from etc/oracle-release`, async () => {
      const dir = join('releasefiles', release);
      assert.deepEqual(await scan(entriesOfDir(join(TESTDATA, dir))), want(dir));
    });
  }

  it('reports nothing for RHEL', async () => {
    const rhel = join(import.meta.dirname, '..', 'rhel', 'testdata', 'releasefiles', '8');
    assert.deepEqual(await scan(entriesOfDir(rhel)), []);
  });

  it('reports nothing for a layer without release files', async () => {
    assert.deepEqual(await scan([]), []);
  });
});
