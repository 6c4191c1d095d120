// An index report of rpm packages installed on one distribution, as the indexer would store it:
// what the RPM distributions' updater tests match their stored advisories against.
import { type IndexReport, type WirePackage, wireDistribution } from '../../lib/indexer/index-report.ts';
import type { Distribution } from '../../lib/indexer/types.ts';

/** Packages [name, version, arch], given ids 10, 11, ... in order, on `dist` (id 1). */
export function rpmIndexReport(
  dist: Distribution,
  packages: readonly (readonly [name: string, version: string, arch: string])[],
  digest = `sha256:${'b2'.repeat(32)}`,
): IndexReport {
  const ids = packages.map((_, i) => String(i + 10));
  const entries = packages.map(([name, version, arch], i): [string, WirePackage] => [
    String(i + 10),
    { id: String(i + 10), name, version, kind: 'binary', arch, normalized_version: '', cpe: '' },
  ]);
  return {
    manifest_hash: digest,
    state: 'IndexFinished',
    packages: Object.fromEntries(entries),
    distributions: { '1': wireDistribution({ id: '1', ...dist }) },
    repository: {},
    environments: Object.fromEntries(
      ids.map((id) => [
        id,
        [{ package_db: 'var/lib/rpm', introduced_in: digest, distribution_id: '1', repository_ids: null }],
      ]),
    ),
    success: true,
    err: '',
  };
}
