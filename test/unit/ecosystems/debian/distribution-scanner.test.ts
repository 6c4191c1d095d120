import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { debianDistributionScanner } from '../../../../lib/ecosystems/debian/distribution-scanner.ts';
import { layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const scanDir = (dir: string) => debianDistributionScanner.scan(layerOfDir(debianDistributionScanner, dir));
const scanText = (osRelease: string) =>
  debianDistributionScanner.scan(layerOf(debianDistributionScanner, [['etc/os-release', osRelease]]));

describe('debian distribution scanner', () => {
  it('is the distribution scanner debian, version 3', () => {
    assert.deepEqual(
      [debianDistributionScanner.name, debianDistributionScanner.version, debianDistributionScanner.kind],
      ['debian', '3', 'distribution'],
    );
  });

  // claircore's debian TestDistributionScanner: every release, Debian's own and distroless.
  for (const set of ['dist', 'distroless_dist']) {
    const releases = readdirSync(join(TESTDATA, set)).sort((a, b) => Number(a) - Number(b));
    for (const release of releases) {
      it(`recognises Debian ${release} from ${set}`, async () => {
        const dir = join(TESTDATA, set, release);
        const got = await scanDir(dir);
        assert.deepEqual(got, JSON.parse(readFileSync(join(dir, 'want.json'), 'utf8')));
        assert.equal(got[0]?.versionId, release);
        assert.match(got[0]?.version ?? '', /^\d+ \(\w+\)$/);
      });
    }
  }

  it('reads usr/lib/os-release through the etc/os-release symlink', async () => {
    const osRelease = readFileSync(join(TESTDATA, 'dist', '12', 'etc', 'os-release'));
    const got = await debianDistributionScanner.scan(
      layerOf(debianDistributionScanner, [
        ['etc/os-release', { symlink: '../usr/lib/os-release' }],
        ['usr/lib/os-release', osRelease],
      ]),
    );
    assert.equal(got[0]?.version, '12 (bookworm)');
  });

  const others: { name: string; osRelease: string }[] = [
    {
      name: 'Ubuntu',
      osRelease: readFileSync(
        join(import.meta.dirname, '..', 'ubuntu', 'testdata', 'dist', '22.04', 'etc', 'os-release'),
        'utf8',
      ),
    },
    // Debian testing and sid carry no VERSION_ID.
    { name: 'Debian sid', osRelease: readFileSync(join(TESTDATA, 'sid', 'etc', 'os-release'), 'utf8') },
  ];
  for (const o of others) {
    it(`reports nothing for ${o.name}`, async () => assert.deepEqual(await scanText(o.osRelease), []));
  }

  it('reports nothing for a layer without os-release', async () => {
    assert.deepEqual(await debianDistributionScanner.scan(layerOf(debianDistributionScanner, [])), []);
  });
});
