import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ubuntuDistributionScanner } from '../../../../lib/ecosystems/ubuntu/distribution-scanner.ts';
import type { Distribution } from '../../../../lib/indexer/types.ts';
import { type EntrySpec, layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const DIST = join(import.meta.dirname, 'testdata', 'dist');
const releases = readdirSync(DIST).sort();
const file = (release: string, name: string): string =>
  readFileSync(join(DIST, release, 'etc', name), 'utf8');
const want = (release: string): Distribution[] =>
  JSON.parse(readFileSync(join(DIST, release, 'want.json'), 'utf8'));
const scan = (entries: [string, EntrySpec][]) =>
  ubuntuDistributionScanner.scan(layerOf(ubuntuDistributionScanner, entries));

describe('ubuntu distribution scanner', () => {
  it('is the distribution scanner ubuntu, version 3', () => {
    assert.deepEqual(
      [ubuntuDistributionScanner.name, ubuntuDistributionScanner.version, ubuntuDistributionScanner.kind],
      ['ubuntu', '3', 'distribution'],
    );
  });

  it('wants lsb-release and os-release as content, and nothing else', () => {
    for (const path of ['etc/lsb-release', 'etc/os-release', 'usr/lib/os-release']) {
      assert.equal(ubuntuDistributionScanner.wants(path, 'file'), 'content', path);
    }
    assert.equal(ubuntuDistributionScanner.wants('etc/issue', 'file'), 'none');
  });

  // claircore's ubuntu TestDistributionScanner: every release from 10.04 to 23.10, and Debian 11.
  it('reads every release folder of claircore testdata', () => assert.equal(releases.length, 26));
  for (const release of releases) {
    it(`reports ${release === '11' ? 'nothing for Debian 11' : `Ubuntu ${release}`}`, async () => {
      const got = await ubuntuDistributionScanner.scan(
        layerOfDir(ubuntuDistributionScanner, join(DIST, release)),
      );
      assert.deepEqual(got, want(release));
    });
  }

  // From 16.04 on, os-release names the codename, so it is enough on its own.
  const withCodename = releases.filter((r) => r !== '11' && Number(r) >= 16);
  for (const release of withCodename) {
    it(`reports Ubuntu ${release} from os-release alone`, async () => {
      assert.deepEqual(await scan([['etc/os-release', file(release, 'os-release')]]), want(release));
    });
  }

  it('reports Ubuntu 22.04 from usr/lib/os-release through the etc/os-release symlink', async () => {
    const got = await scan([
      ['etc/os-release', { symlink: '../usr/lib/os-release' }],
      ['usr/lib/os-release', file('22.04', 'os-release')],
    ]);
    assert.deepEqual(got, want('22.04'));
  });

  it('reports nothing from an os-release that has no codename', async () => {
    // Ubuntu 12.04 to 15.10 name the codename only in lsb-release.
    assert.deepEqual(await scan([['etc/os-release', file('14.04', 'os-release')]]), []);
  });

  it('prefers lsb-release over os-release', async () => {
    const got = await scan([
      ['etc/lsb-release', file('20.04', 'lsb-release')],
      ['etc/os-release', file('22.04', 'os-release')],
    ]);
    assert.deepEqual(got, want('20.04'));
  });

  it('makes one distribution per release, whichever file names it', async () => {
    const fromLsb = await scan([['etc/lsb-release', file('18.04', 'lsb-release')]]);
    const fromOs = await scan([['etc/os-release', file('18.04', 'os-release')]]);
    assert.deepEqual(fromLsb, fromOs);
  });

  it('reports nothing for a layer without release files', async () => {
    assert.deepEqual(await scan([]), []);
  });
});
