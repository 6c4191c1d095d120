import type { IndexReport } from '../indexer/index-report.ts';
import type { MatchRecord } from './types.ts';

/**
 * The records matchers test (claircore's IndexRecords): one per package, environment and
 * repository, or per package and environment where the environment names no repository.
 */
export function matchRecords(report: IndexReport): MatchRecord[] {
  const out: MatchRecord[] = [];
  for (const [id, pkg] of Object.entries(report.packages)) {
    for (const env of report.environments[id] ?? []) {
      const distribution = report.distributions[env.distribution_id];
      const repoIds = env.repository_ids ?? [];
      if (repoIds.length === 0) out.push({ package: pkg, distribution, repository: undefined });
      for (const repoId of repoIds)
        out.push({ package: pkg, distribution, repository: report.repository[repoId] });
    }
  }
  return out;
}
