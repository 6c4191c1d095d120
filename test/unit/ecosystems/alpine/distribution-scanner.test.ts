import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { alpineDistributionScanner } from '../../../../lib/ecosystems/alpine/distribution-scanner.ts';
import { claircoreDistribution } from '../../indexer/claircore-json.ts';
import { type EntrySpec, layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const DIST = join(import.meta.dirname, 'testdata', 'dist');
const releases = readdirSync(DIST).sort();
const file = (release: string, name: string): string =>
  readFileSync(join(DIST, release, 'etc', name), 'utf8');
/** claircore's golden distribution for the release, in claircore's JSON. */
const want = (release: string): Record<string, string>[] =>
  JSON.parse(readFileSync(join(DIST, release, 'want'), 'utf8'));
const scan = async (entries: [string, EntrySpec][]) =>
  (await alpineDistributionScanner.scan(layerOf(alpineDistributionScanner, entries))).map(
    claircoreDistribution,
  );

describe('alpine distribution scanner', () => {
  it('is the distribution scanner alpine, version 3', () => {
    assert.deepEqual(
      [alpineDistributionScanner.name, alpineDistributionScanner.version, alpineDistributionScanner.kind],
      ['alpine', '3', 'distribution'],
    );
  });

  it('wants os-release and etc/issue as content', () => {
    for (const path of ['etc/os-release', 'usr/lib/os-release', 'etc/issue']) {
      assert.equal(alpineDistributionScanner.wants(path, 'file'), 'content', path);
    }
    assert.equal(alpineDistributionScanner.wants('etc/alpine-release', 'file'), 'none');
  });

  // claircore's alpine TestDistributionScanner, with its golden `want` files.
  it('reads every release folder of claircore testdata', () => assert.equal(releases.length, 17));
  for (const release of releases) {
    it(`reports Alpine ${release}`, async () => {
      const got = await alpineDistributionScanner.scan(
        layerOfDir(alpineDistributionScanner, join(DIST, release)),
      );
      assert.deepEqual(got.map(claircoreDistribution), want(release));
    });
  }

  for (const release of releases) {
    it(`reports Alpine ${release} from etc/issue alone`, async () => {
      assert.deepEqual(await scan([['etc/issue', file(release, 'issue')]]), want(release));
    });
  }

  it('reports Alpine 3.18 from usr/lib/os-release through the etc/os-release symlink', async () => {
    const got = await scan([
      ['etc/os-release', { symlink: '../usr/lib/os-release' }],
      ['usr/lib/os-release', file('3.18', 'os-release')],
    ]);
    assert.deepEqual(got, want('3.18'));
  });

  it('leaves VersionID empty, as the Alpine matcher matches on PrettyName', async () => {
    const [got] = await alpineDistributionScanner.scan(
      layerOfDir(alpineDistributionScanner, join(DIST, '3.18')),
    );
    assert.equal(got?.versionId, '');
  });

  it('reports nothing for another distribution', async () => {
    const debian = readFileSync(
      join(import.meta.dirname, '..', 'debian', 'testdata', 'dist', '12', 'etc', 'os-release'),
    );
    assert.deepEqual(await scan([['etc/os-release', debian]]), []);
  });

  it('reports nothing for a layer without release files', async () => {
    assert.deepEqual(await scan([]), []);
  });
});
