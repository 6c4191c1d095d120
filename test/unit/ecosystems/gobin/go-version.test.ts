import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goNormalizedVersion } from '../../../../lib/ecosystems/gobin/go-version.ts';

describe('gobin normalised version', () => {
  // claircore gobin/exe_test.go's table, then the cases the pattern turns away.
  const cases: [name: string, text: string, want: number[] | undefined][] = [
    ['unchanged', '1.2.30', [1, 2, 30]],
    ['with leading v', 'v1.2.30', [1, 2, 30]],
    ['with large version segment', 'v1.2.2023071210521689159162', [1, 2, 202307121]],
    ['typical pseudo-version', 'v0.0.0-20200804184101-5ec99f83aff1', [0, 0, 0]],
    ['missing patch', '1.18', [1, 18, 0]],
    ['incompatible', 'v24.0.7+incompatible', [24, 0, 7]],
    [
      'pseudo-version after a release reads as the next release',
      'v1.2.4-0.20230101120000-abcdef123456',
      [1, 2, 4],
    ],
    ['toolchain prerelease', '1.22-20231128-RC02', [1, 22, 0]],
    ['major only', 'v2', [2, 0, 0]],
    ['devel', '(devel)', undefined],
    ['empty', '', undefined],
    ['a local replacement path', '../greet', undefined],
    ['four numbers', '1.2.3.4', undefined],
    ['empty prerelease', 'v1.2.3-', undefined],
  ];
  for (const [name, text, want] of cases) {
    it(`${name}: ${JSON.stringify(text)}`, () => {
      assert.deepEqual(
        goNormalizedVersion(text),
        want === undefined ? undefined : { kind: 'semver', v: [0, ...want, 0, 0, 0, 0, 0, 0] },
      );
    });
  }
});
