import type { Coalescer, Environment, StoredPackage, StoredRepository } from './types.ts';
import { whitedOut } from './whiteout.ts';

/**
 * A coalescer for one language's packages, as claircore's language coalescers: every layer with a
 * repository contributes all its packages, each with one environment naming that layer and all its
 * repositories; the same package in a later layer replaces the earlier one. A package whose file a
 * later layer whites out is gone (claircore's whiteout resolver). A factory, because the indexer
 * coalesces together the ecosystems sharing a coalescer, and each language keeps its own.
 */
export function languageCoalescer(): Coalescer {
  return (layers) => {
    const found = new Map<string, { pkg: StoredPackage; environments: Environment[]; layerIndex: number }>();
    const repositories = new Map<string, StoredRepository>();
    layers.forEach((layer, layerIndex) => {
      // claircore skips a layer without a language repository: no packages of this language in it.
      if (layer.repositories.length === 0) return;
      for (const r of layer.repositories) repositories.set(r.id, r);
      const repositoryIds = layer.repositories.map((r) => r.id);
      for (const pkg of layer.packages) {
        const environment = {
          packageDb: pkg.packageDb,
          introducedIn: layer.layer,
          distributionId: '',
          repositoryIds,
        };
        found.set(pkg.id, { pkg, environments: [environment], layerIndex });
      }
    });
    const packages = new Map<string, { pkg: StoredPackage; environments: Environment[] }>();
    for (const [id, { pkg, environments, layerIndex }] of found) {
      if (!whitedOut(pkg.filepath, layerIndex, layers)) packages.set(id, { pkg, environments });
    }
    return { packages, distributions: new Map(), repositories };
  };
}
