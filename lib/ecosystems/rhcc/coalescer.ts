// How the layers of a Red Hat image combine (claircore's rhcc coalescer): each image an image was
// built on left its own buildinfo, and only the topmost describes the image itself.
import type {
  Coalesced,
  Coalescer,
  Environment,
  StoredPackage,
  StoredRepository,
} from '../../indexer/types.ts';
import { RHCC_HINT } from './repository.ts';

const UNMATCHABLE = 'unmatchable';

/**
 * The rhcc packages of every layer that has repositories, in them; those below the topmost such
 * layer are the image's ancestors, kept in the report but marked unmatchable, so the matcher
 * skips them. A package in several layers keeps its lowest one, as claircore's walk leaves it.
 */
export const rhccCoalescer: Coalescer = (layers) => {
  const packages = new Map<string, { pkg: StoredPackage; environments: Environment[] }>();
  const repositories = new Map<string, StoredRepository>();
  let topmost = true;
  for (const layer of [...layers].reverse()) {
    if (layer.repositories.length === 0) continue;
    for (const r of layer.repositories) repositories.set(r.id, r);
    const repositoryIds = layer.repositories.map((r) => r.id);
    for (const pkg of layer.packages) {
      if (pkg.repositoryHint !== RHCC_HINT) continue;
      packages.set(pkg.id, {
        pkg: topmost ? pkg : unmatchable(pkg),
        environments: [
          { packageDb: pkg.packageDb, introducedIn: layer.layer, distributionId: '', repositoryIds },
        ],
      });
    }
    topmost = false;
  }
  return { packages, distributions: new Map(), repositories } satisfies Coalesced;
};

function unmatchable(pkg: StoredPackage): StoredPackage {
  return {
    ...pkg,
    normalizedVersion: { kind: UNMATCHABLE, v: pkg.normalizedVersion?.v ?? Array(10).fill(0) },
  };
}
