import type { Repository, RepositoryScanner } from '../../indexer/types.ts';
import { goBinaries, gobinPackageScanner } from './package-scanner.ts';

/** Where Go modules are published, which the gobin matcher's filter names. */
export const GO_REPOSITORY: Repository = { name: 'go', key: '', uri: 'https://pkg.go.dev/', cpe: '' };

/**
 * Reports the Go module index for a layer holding Go binaries. claircore's indexer adds a package
 * scanner's default repository to a layer where it found packages; our scanners report only their
 * own kind, so this scanner does it, from the same reading of the binaries.
 */
export const gobinRepositoryScanner: RepositoryScanner = {
  name: 'gobin',
  version: '1',
  kind: 'repository',
  wants: gobinPackageScanner.wants,
  async scan(files, ctx) {
    return (await goBinaries(files, ctx)).length > 0 ? [GO_REPOSITORY] : [];
  },
};
