import type { Coalescer, Environment, LayerArtifacts, StoredDistribution, StoredPackage } from './types.ts';
import { whitedOut } from './whiteout.ts';

/** The folder or file a package database lives at: `sqlite:var/lib/rpm` is var/lib/rpm. */
const databasePath = (packageDb: string): string => packageDb.replace(/^[a-z]+:/, '');

/**
 * OS packages (dpkg, apk, rpm), as claircore's linux coalescer: for each package database the
 * newest layer that has it decides its whole package list, so a package removed in a later
 * layer is gone. Each package is introduced by the lowest layer holding the same name, version
 * and database, and takes that layer's distribution (else the nearest lower, else higher,
 * layer's). Unlike claircore, a database deleted by a whiteout in a later layer is gone too.
 */
export const linuxCoalescer: Coalescer = (layers) => {
  const distributions = new Map<string, StoredDistribution>();
  for (const layer of layers) for (const d of layer.distributions) distributions.set(d.id, d);
  const packages = new Map<string, { pkg: StoredPackage; environments: Environment[] }>();
  const firstLayer = firstLayers(layers);
  for (const [db, { pkgs, layerIndex }] of newestDatabases(layers)) {
    if (whitedOut(databasePath(db), layerIndex, layers)) continue;
    for (const pkg of pkgs) {
      const introduced = firstLayer.get(identity(pkg)) ?? 0;
      const environment: Environment = {
        packageDb: db,
        introducedIn: layers[introduced]?.layer as string,
        distributionId: distributionFor(introduced, layers)?.id ?? '',
        repositoryIds: [],
      };
      const entry = packages.get(pkg.id);
      if (entry === undefined) packages.set(pkg.id, { pkg, environments: [environment] });
      else entry.environments.push(environment);
    }
  }
  return { packages, distributions, repositories: new Map() };
};

function newestDatabases(
  layers: readonly LayerArtifacts[],
): Map<string, { pkgs: StoredPackage[]; layerIndex: number }> {
  const out = new Map<string, { pkgs: StoredPackage[]; layerIndex: number }>();
  for (let i = layers.length - 1; i >= 0; i--) {
    const found = new Map<string, StoredPackage[]>();
    for (const pkg of layers[i]?.packages ?? []) {
      if (out.has(pkg.packageDb)) continue;
      const list = found.get(pkg.packageDb);
      if (list === undefined) found.set(pkg.packageDb, [pkg]);
      else list.push(pkg);
    }
    for (const [db, pkgs] of found) out.set(db, { pkgs, layerIndex: i });
  }
  return out;
}

const identity = (p: StoredPackage): string => `${p.name}\u0000${p.version}\u0000${p.packageDb}`;

/** The lowest layer holding each package (by name, version and database). */
function firstLayers(layers: readonly LayerArtifacts[]): Map<string, number> {
  const out = new Map<string, number>();
  layers.forEach((layer, i) => {
    for (const pkg of layer.packages) if (!out.has(identity(pkg))) out.set(identity(pkg), i);
  });
  return out;
}

function distributionFor(index: number, layers: readonly LayerArtifacts[]): StoredDistribution | undefined {
  for (let i = index; i >= 0; i--) {
    const d = layers[i]?.distributions[0];
    if (d !== undefined) return d;
  }
  for (let i = index + 1; i < layers.length; i++) {
    const d = layers[i]?.distributions[0];
    if (d !== undefined) return d;
  }
  return undefined;
}
