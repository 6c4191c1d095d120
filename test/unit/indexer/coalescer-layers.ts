// Layers as coalescer tests build them, and a coalescer's answer summarised for comparison.
import type { Digest } from '../../../lib/indexer/digest.ts';
import type {
  Coalescer,
  LayerArtifacts,
  StoredPackage,
  StoredRepository,
} from '../../../lib/indexer/types.ts';

/** A layer digest made of the digit n. */
export const layerHash = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}` as Digest;

/** Layer n with these packages and repositories, and OCI whiteouts of these paths. */
export const layer = (
  n: number,
  packages: StoredPackage[],
  repositories: StoredRepository[],
  whiteouts: string[] = [],
): LayerArtifacts => ({
  layer: layerHash(n),
  packages,
  distributions: [],
  repositories,
  files: whiteouts.map((path) => ({ path, kind: 'whiteout' })),
});

/** Package id -> its environments as [database, layer number, repository ids]. */
export function environmentsById(coalesce: Coalescer, layers: LayerArtifacts[]) {
  const out = coalesce(layers);
  return Object.fromEntries(
    [...out.packages].map(([id, { environments }]) => [
      id,
      environments.map((e) => [
        e.packageDb,
        layers.findIndex((l) => l.layer === e.introducedIn) + 1,
        e.repositoryIds,
      ]),
    ]),
  );
}
