import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { releaseVersion, secdbUpdaterName } from '../../../../lib/ecosystems/alpine/releases.ts';

describe('alpine secdb releases', () => {
  const versions: [release: string, want: string | undefined][] = [
    ['v3.3', '3.3'],
    ['v3.18', '3.18'],
    ['v4.0', '4.0'],
    ['edge', 'edge'],
    ['3.18', undefined],
    ['v3', undefined],
    ['v3.18.4', undefined],
    ['v3.18/', undefined],
    ['latest-stable', undefined],
    ['', undefined],
  ];
  for (const [release, want] of versions) {
    it(`gives ${JSON.stringify(release)} the release version ${want ?? 'none'}`, () => {
      assert.equal(releaseVersion(release), want);
    });
  }

  it('names updaters as claircore does', () => {
    assert.equal(secdbUpdaterName('main', 'v3.18'), 'alpine-main-v3.18-updater');
    assert.equal(secdbUpdaterName('community', 'edge'), 'alpine-community-edge-updater');
  });
});
