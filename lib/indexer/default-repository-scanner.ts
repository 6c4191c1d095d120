import type { LayerFiles } from './layer-files.ts';
import type { PackageScanner, Repository, RepositoryScanner, ScanContext } from './types.ts';

/**
 * Reports a language's default repository for a layer where its package scanner found packages.
 * claircore's indexer adds a package scanner's default repository itself; our scanners report only
 * their own kind, so each language has one of these, reading the layer as its package scanner does.
 */
export function defaultRepositoryScanner(
  packageScanner: PackageScanner,
  version: string,
  repository: Repository,
  packagesOf: (files: LayerFiles, ctx?: ScanContext) => Promise<readonly unknown[]>,
): RepositoryScanner {
  return {
    name: packageScanner.name,
    version,
    kind: 'repository',
    wants: packageScanner.wants,
    async scan(files, ctx) {
      return (await packagesOf(files, ctx)).length > 0 ? [repository] : [];
    },
  };
}
