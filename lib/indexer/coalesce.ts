import type { ControllerDeps } from './controller.ts';
import { coalescedReport, type IndexReport } from './index-report.ts';
import type { Manifest } from './manifest.ts';
import { loadLayerArtifacts } from './store/load-layer-artifacts.ts';
import type { PersistedManifest } from './store/persist-manifest.ts';
import type { AnyScanner, Coalesced, Environment, StoredPackage } from './types.ts';
import { whiteoutScanner } from './whiteout.ts';

/**
 * Coalesce: each coalescer gets its scanners' findings (and the whiteouts) for every layer, read
 * back from the store in manifest order, and the results are merged: packages and
 * distributions united, a package's environments appended.
 */
export async function coalesce(
  manifest: Manifest,
  persisted: PersistedManifest,
  ids: ReadonlyMap<AnyScanner, string>,
  deps: ControllerDeps,
): Promise<{ coalesced: Coalesced; report: IndexReport }> {
  const refs = manifest.layers.map((l, i) => ({ id: persisted.layerIds[i] as string, hash: l.hash }));
  const packages = new Map<string, { pkg: StoredPackage; environments: Environment[] }>();
  const distributions = new Map();
  const repositories = new Map();
  for (const group of deps.scanners.groups) {
    const scannerIds = [...group.scanners, whiteoutScanner].map((s) => ids.get(s) as string);
    const result = group.coalescer(await loadLayerArtifacts(deps.db, refs, scannerIds));
    for (const [id, entry] of result.packages) {
      const existing = packages.get(id);
      if (existing === undefined) packages.set(id, { pkg: entry.pkg, environments: [...entry.environments] });
      else existing.environments.push(...entry.environments);
    }
    for (const [id, d] of result.distributions) distributions.set(id, d);
    for (const [id, r] of result.repositories) repositories.set(id, r);
  }
  const coalesced: Coalesced = { packages, distributions, repositories };
  return { coalesced, report: coalescedReport(manifest.hash, coalesced, 'Coalesce') };
}
