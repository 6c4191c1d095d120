import type { IndexRecord } from './store/finish-index.ts';
import type { Coalesced } from './types.ts';

/**
 * The image's (package, distribution, repository) records, as matchers and reverse lookups use
 * them: one per environment and repository, plus the same for each package's source package.
 */
export function indexRecords(coalesced: Coalesced): IndexRecord[] {
  const out: IndexRecord[] = [];
  for (const { pkg, environments } of coalesced.packages.values()) {
    for (const env of environments) {
      const distId = env.distributionId === '' ? null : env.distributionId;
      const repoIds = env.repositoryIds.length === 0 ? [null] : env.repositoryIds;
      for (const repoId of repoIds) {
        out.push({ packageId: pkg.id, distId, repoId });
        if (pkg.sourceId !== undefined) out.push({ packageId: pkg.sourceId, distId, repoId });
      }
    }
  }
  return out;
}
