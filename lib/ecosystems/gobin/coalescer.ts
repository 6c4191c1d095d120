import { languageCoalescer } from '../../indexer/language-coalescer.ts';
import type { Coalescer } from '../../indexer/types.ts';
import { GO_REPOSITORY } from './repository-scanner.ts';

/**
 * claircore's gobin coalescer: the language coalescer over only the packages found in Go binaries
 * (package database `go:…`) and only the Go module repository.
 */
export function gobinCoalescer(): Coalescer {
  const coalesce = languageCoalescer();
  return (layers) =>
    coalesce(
      layers.map((layer) => ({
        ...layer,
        packages: layer.packages.filter((p) => p.packageDb.startsWith('go:')),
        repositories: layer.repositories.filter(
          (r) => r.name === GO_REPOSITORY.name && r.uri === GO_REPOSITORY.uri,
        ),
      })),
    );
}
