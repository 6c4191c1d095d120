// Matcher unit tests: a record of one package and an advisory with a fixed version.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { WireDistribution, WireRepository } from '../../lib/indexer/index-report.ts';
import type { Matcher, MatchRecord } from '../../lib/matcher/types.ts';
import type { VersionRange } from '../../lib/updater/types.ts';
import type { WireVulnerability } from '../../lib/updater/wire-vulnerability.ts';

export const dist = (fields: Partial<WireDistribution>): WireDistribution => ({
  id: '1',
  did: '',
  name: '',
  version: '',
  version_code_name: '',
  version_id: '',
  arch: '',
  cpe: '',
  pretty_name: '',
  ...fields,
});

export function record(
  version: string,
  place: { distribution?: WireDistribution; repository?: Partial<WireRepository>; normalized?: string } = {},
): MatchRecord {
  return {
    package: {
      id: '1',
      name: 'pkg',
      version,
      kind: 'binary',
      normalized_version: place.normalized ?? '',
      cpe: '',
    },
    distribution: place.distribution,
    repository: place.repository === undefined ? undefined : { id: '1', cpe: '', ...place.repository },
  };
}

export function advisory(fixedInVersion: string): WireVulnerability {
  return {
    id: '1',
    updater: 'test',
    name: 'CVE-1',
    description: '',
    issued: '0001-01-01T00:00:00Z',
    links: '',
    severity: '',
    normalized_severity: 'Unknown',
    package: { id: '', name: 'pkg', version: '', normalized_version: '', cpe: '' },
    distribution: { ...dist({}), id: '' },
    repository: { cpe: '' },
    fixed_in_version: fixedInVersion,
  };
}

/** [installed version, fixed_in_version, vulnerable?] */
export type VersionCase = readonly [installed: string, fixed: string, vulnerable: boolean];

/** One test per case: the matcher's verdict on the installed version placed by `place`. */
export function versionCases(
  matcher: Matcher,
  place: (version: string) => MatchRecord,
  cases: readonly VersionCase[],
  range?: VersionRange,
): void {
  for (const [installed, fixed, vulnerable] of cases) {
    it(`${installed} against "${fixed}" is ${vulnerable ? '' : 'not '}vulnerable`, () => {
      assert.equal(matcher.vulnerable(place(installed), advisory(fixed), range), vulnerable);
    });
  }
}
