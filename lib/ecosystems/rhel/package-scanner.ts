import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScannedPackage } from '../../indexer/types.ts';
import { readRpmDatabases, wantsRpmDatabase } from '../rpm/package-scanner.ts';
import { readContentManifest, usesDnfHistory, wantsContentManifest } from './content-manifest.ts';
import { type DnfHistory, readDnfHistory, wantsDnfHistory } from './dnf-history.ts';
import { withRepoid } from './query-string.ts';
import { wantsMost } from './wants.ts';

/**
 * The rpm packages of a RHEL layer, as the rpm scanner finds them, each also naming in its
 * repository hint (`repoid=…`) the repository DNF installed it from, when the layer's
 * repositories come from the DNF history (no content manifest, or one saying `from_dnf_hint`):
 * the rhel coalescer then ties the package to that repository's products only.
 */
export const rhelPackageScanner: PackageScanner = {
  name: 'rhel-package-scanner',
  version: '1',
  kind: 'package',
  wants: wantsMost(wantsRpmDatabase, wantsContentManifest, wantsDnfHistory),
  async scan(files, ctx) {
    const packages = readRpmDatabases(files);
    if (packages.length === 0) return [];
    const history = usesDnfHistory(readContentManifest(files, ctx?.log)) ? readDnfHistory(files) : undefined;
    return sortPackages(history === undefined ? packages : packages.map((p) => withDnfRepoid(p, history)));
  },
};

// The source package has no hint of its own here: the store keeps one per binary package, as
// claircore's does.
function withDnfRepoid(pkg: ScannedPackage, history: DnfHistory): ScannedPackage {
  const repoid = history.repoidOf(pkg);
  return repoid === undefined ? pkg : { ...pkg, repositoryHint: withRepoid(pkg.repositoryHint, repoid) };
}
