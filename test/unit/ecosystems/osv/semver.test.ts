import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextPatch, normalizeSemver, parseSemver, type Semver } from '../../../../lib/versions/semver.ts';

describe('osv semver', () => {
  const cases: { text: string; want: Semver | undefined }[] = [
    { text: '1.2.3', want: { major: 1, minor: 2, patch: 3, prerelease: '' } },
    { text: 'v1.2.3', want: { major: 1, minor: 2, patch: 3, prerelease: '' } },
    { text: '1.2', want: { major: 1, minor: 2, patch: 0, prerelease: '' } },
    { text: '7', want: { major: 7, minor: 0, patch: 0, prerelease: '' } },
    { text: '1.19.0-0', want: { major: 1, minor: 19, patch: 0, prerelease: '0' } },
    {
      text: '0.0.0-20220906165146-f3363e06e74c',
      want: { major: 0, minor: 0, patch: 0, prerelease: '20220906165146-f3363e06e74c' },
    },
    { text: '2.0.0-rc.1+build.5', want: { major: 2, minor: 0, patch: 0, prerelease: 'rc.1' } },
    { text: '1.0.0+20130313144700', want: { major: 1, minor: 0, patch: 0, prerelease: '' } },
    { text: '2147483647.0.0', want: { major: 2147483647, minor: 0, patch: 0, prerelease: '' } },
    { text: '2147483648.0.0', want: undefined },
    { text: '1.2.3.4', want: undefined },
    { text: '1.2.3-', want: undefined },
    { text: 'V1.2.3', want: undefined },
    { text: '', want: undefined },
    { text: 'latest', want: undefined },
  ];
  for (const { text, want } of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseSemver(text), want);
    });
  }

  it('normalises to [0, major, minor, patch, 0 ...], dropping the prerelease', () => {
    assert.deepEqual(
      normalizeSemver({ major: 1, minor: 19, patch: 2, prerelease: 'rc1' }),
      [0, 1, 19, 2, 0, 0, 0, 0, 0, 0],
    );
  });

  it('steps to the next patch', () => {
    assert.deepEqual(nextPatch({ major: 1, minor: 2, patch: 3, prerelease: '' }), {
      major: 1,
      minor: 2,
      patch: 4,
      prerelease: '',
    });
  });

  it('steps from a prerelease to its release', () => {
    assert.deepEqual(nextPatch({ major: 1, minor: 2, patch: 3, prerelease: 'beta' }), {
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: '',
    });
  });

  it('has no next patch past the largest number', () => {
    assert.equal(nextPatch({ major: 1, minor: 2, patch: 2 ** 31 - 1, prerelease: '' }), undefined);
  });
});
