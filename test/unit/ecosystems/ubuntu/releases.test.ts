import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ubuntuCodename } from '../../../../lib/ecosystems/ubuntu/releases.ts';

describe('ubuntu releases', () => {
  it('knows every release from 14.04 to 26.04', () => {
    const versions = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]
      .flatMap((year) => [`${year}.04`, `${year}.10`])
      .concat('26.04');

    assert.deepEqual(
      versions.filter((v) => ubuntuCodename(v) === undefined),
      [],
    );
  });

  const cases: [string, string][] = [
    ['14.04', 'trusty'],
    ['16.04', 'xenial'],
    ['18.04', 'bionic'],
    ['20.04', 'focal'],
    ['22.04', 'jammy'],
    ['24.04', 'noble'],
    ['24.10', 'oracular'],
    ['25.04', 'plucky'],
    ['25.10', 'questing'],
    ['26.04', 'resolute'],
  ];
  for (const [version, codename] of cases) {
    it(`names ${version} ${codename}`, () => {
      assert.equal(ubuntuCodename(version), codename);
    });
  }

  it('knows no release before 14.04 or after 26.04', () => {
    assert.equal(ubuntuCodename('12.04'), undefined);
    assert.equal(ubuntuCodename('26.10'), undefined);
    assert.equal(ubuntuCodename('constructor'), undefined);
  });
});
