import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rhelDistributionScanner } from '../../../../lib/ecosystems/rhel/distribution-scanner.ts';
import type { Distribution } from '../../../../lib/indexer/types.ts';
import { type EntrySpec, entriesOfDir, layerOf } from '../../indexer/layer-dir.ts';

const RELEASES = join(import.meta.dirname, 'testdata', 'releasefiles');
const releases = readdirSync(RELEASES).sort();
const want = (release: string): Distribution[] =>
  JSON.parse(readFileSync(join(RELEASES, release, 'want.json'), 'utf8'));
const scan = (entries: [string, EntrySpec][]) =>
  rhelDistributionScanner.scan(layerOf(rhelDistributionScanner, entries));

describe('rhel distribution scanner', () => {
  it('is the distribution scanner rhel, version 3', () => {
    assert.deepEqual(
      [rhelDistributionScanner.name, rhelDistributionScanner.version, rhelDistributionScanner.kind],
      ['rhel', '3', 'distribution'],
    );
  });

  it('wants os-release, redhat-release and oracle-release as content', () => {
    for (const path of ['etc/os-release', 'usr/lib/os-release', 'etc/redhat-release', 'etc/oracle-release']) {
      assert.equal(rhelDistributionScanner.wants(path, 'file'), 'content', path);
    }
    assert.equal(rhelDistributionScanner.wants('etc/system-release', 'file'), 'none');
  });

  // claircore's rhel TestDistributionScanner: RHEL 7 to 9, Atomic Host, Hummingbird, and Oracle
  // Linux (whose redhat-release names RHEL) reported as nothing.
  for (const release of releases) {
    it(`reports ${release.startsWith('oracle-') ? `nothing for ${release}` : release}`, async () => {
      assert.deepEqual(await scan(entriesOfDir(join(RELEASES, release))), want(release));
    });
  }

  it('reports UBI 9 from usr/lib/os-release through the etc/os-release symlink', async () => {
    const files = layerOf(rhelDistributionScanner, [
      ['etc/os-release', { symlink: '../usr/lib/os-release' }],
      ...entriesOfDir(join(RELEASES, 'ubi9')),
    ]);
    assert.equal(files.entry('etc/os-release')?.type, 'symlink');
    assert.deepEqual(await rhelDistributionScanner.scan(files), want('ubi9'));
  });

  for (const release of ['7', '8', '9', 'atomichost-7']) {
    it(`reports ${release} from etc/redhat-release alone`, async () => {
      const redhat = { from: join(RELEASES, release, 'etc', 'redhat-release') };
      assert.deepEqual(await scan([['etc/redhat-release', redhat]]), want(release));
    });
  }

  it('believes os-release over redhat-release', async () => {
    // A CentOS 7 layer: its os-release says centos, whatever redhat-release says.
    const centos = join(import.meta.dirname, '..', 'rpm', 'testdata', 'centos-7', 'etc', 'os-release');
    const got = await scan([
      ['etc/os-release', { from: centos }],
      ['etc/redhat-release', { from: join(RELEASES, '7', 'etc', 'redhat-release') }],
    ]);
    assert.deepEqual(got, []);
  });

  for (const other of ['rocky-9', 'almalinux-9', 'centos-7', 'fedora-39']) {
    it(`reports nothing for ${other}`, async () => {
      const osRelease = join(import.meta.dirname, '..', 'rpm', 'testdata', other, 'etc', 'os-release');
      assert.deepEqual(await scan([['etc/os-release', { from: osRelease }]]), []);
    });
  }

  it('reports nothing for a layer without release files', async () => {
    assert.deepEqual(await scan([]), []);
  });
});
