import { defaultRepositoryScanner } from '../../indexer/default-repository-scanner.ts';
import type { Repository } from '../../indexer/types.ts';
import { goBinaries, gobinPackageScanner } from './package-scanner.ts';

/** Where Go modules are published, which the gobin matcher's filter names. */
export const GO_REPOSITORY: Repository = { name: 'go', key: '', uri: 'https://pkg.go.dev/', cpe: '' };

/** The Go module index, for a layer holding Go binaries. */
export const gobinRepositoryScanner = defaultRepositoryScanner(
  gobinPackageScanner,
  '1',
  GO_REPOSITORY,
  goBinaries,
);
