import type {
  Coalescer,
  Environment,
  LayerArtifacts,
  StoredDistribution,
  StoredPackage,
  StoredRepository,
} from '../../indexer/types.ts';
import { repoidOf } from './query-string.ts';
import { RHEL_REPOSITORY_KEY } from './repository-scanner.ts';

/**
 * RHEL layers, as claircore's rhel coalescer. Red Hat's products (repositories) and the
 * distribution found in some layers are attributed to the others too: a layer built on a RHEL
 * image names no products, and the image's first layers may not either. A package's
 * environment is made where it first appears in its database; it survives when the topmost
 * later layer with packages (whatever their database) still holds it.
 */
export const rhelCoalescer: Coalescer = (layers) => {
  const repositories = propagateRedHatRepositories(layers);
  const environments = new Map<string, Map<string, Environment>>();
  const distributions = new Map<string, StoredDistribution>();
  let current = layers.find((l) => l.distributions.length > 0)?.distributions[0];
  layers.forEach((layer, i) => {
    current = layer.distributions[0] ?? current;
    if (current !== undefined) distributions.set(current.id, current);
    for (const pkg of layer.packages) {
      const byId = environments.get(pkg.packageDb) ?? new Map<string, Environment>();
      environments.set(pkg.packageDb, byId);
      if (byId.has(pkg.id)) continue;
      byId.set(pkg.id, {
        packageDb: pkg.packageDb,
        introducedIn: layer.layer,
        distributionId: current?.id ?? '',
        repositoryIds: repositoryIdsFor(pkg, repositories[i] ?? []),
      });
    }
  });
  const packages = new Map<string, { pkg: StoredPackage; environments: Environment[] }>();
  for (const pkg of survivors(layers)) {
    const environment = environments.get(pkg.packageDb)?.get(pkg.id);
    if (environment !== undefined) packages.set(pkg.id, { pkg, environments: [environment] });
  }
  const allRepositories = new Map(repositories.flat().map((r) => [r.id, r]));
  return { packages, distributions, repositories: allRepositories };
};

/**
 * Each layer's repositories, a layer without Red Hat products taking those of the nearest lower
 * layer that has some, else of the nearest higher one.
 */
function propagateRedHatRepositories(layers: readonly LayerArtifacts[]): StoredRepository[][] {
  const out = layers.map((l) => [...l.repositories]);
  let previous: StoredRepository[] = [];
  const carry = (repos: StoredRepository[]): void => {
    const redHat = repos.filter((r) => r.key === RHEL_REPOSITORY_KEY);
    if (redHat.length > 0) previous = redHat;
    else repos.push(...previous);
  };
  for (const repos of out) carry(repos);
  for (const repos of [...out].reverse()) carry(repos);
  return out;
}

/** The layer's repositories the package's DNF repoid names, or all of them when it names none. */
function repositoryIdsFor(pkg: StoredPackage, repositories: readonly StoredRepository[]): string[] {
  const repoid = repoidOf(pkg.repositoryHint);
  const matching = repoid === '' ? repositories : repositories.filter((r) => repoidOf(r.uri) === repoid);
  return matching.map((r) => r.id);
}

/**
 * The packages kept, each from the lowest layer holding it: a package (same id and database) is
 * kept when the topmost layer with packages, if above its own, holds it too. A package id
 * already kept from a lower layer or another database is not kept again (claircore's quirks).
 */
function survivors(layers: readonly LayerArtifacts[]): StoredPackage[] {
  const top = layers.findLastIndex((l) => l.packages.length > 0);
  const inTop = new Set((layers[top]?.packages ?? []).map((p) => `${p.id}\u0000${p.packageDb}`));
  const kept = new Map<string, StoredPackage>();
  layers.forEach((layer, i) => {
    for (const pkg of layer.packages) {
      if (kept.has(pkg.id)) continue;
      if (i === top || inTop.has(`${pkg.id}\u0000${pkg.packageDb}`)) kept.set(pkg.id, pkg);
    }
  });
  return [...kept.values()];
}
