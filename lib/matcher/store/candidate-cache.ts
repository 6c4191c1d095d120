import type pg from 'pg';
import { boundedCache } from '../../bounded-cache.ts';
import type { KindedVersion } from '../../indexer/types.ts';
import type { ConstraintValues } from '../constraints.ts';
import { isEquality } from '../constraints.ts';
import type { Constraint } from '../types.ts';
import { type Candidate, candidateVulnerabilities, NAMES_PER_QUERY } from './candidates.ts';

/** Candidates by package name, for one matcher's constraints and a record group's values. */
export type CandidateSource = (
  names: readonly string[],
  constraints: readonly Constraint[],
  values: ConstraintValues,
  version?: KindedVersion,
) => Promise<Map<string, Candidate[]>>;

/**
 * Candidates kept between reports, up to `size` of them. Vulnerability data changes only when an
 * update operation lands or is deleted, so what was found is kept while the latest operation of
 * every updater stays the same: `begin` reads that state once per report and forgets everything
 * when it moved. Names found to have no candidate are kept too; most names have none.
 */
export function candidateCache(db: pg.Pool, size = 200_000): { begin(): Promise<CandidateSource> } {
  let state = '';
  // An entry weighs its candidates, and one for the name itself.
  const kept = boundedCache<string, Candidate[]>(size, (candidates) => candidates.length + 1);
  return {
    async begin() {
      const seen = await latestOperations(db);
      if (seen !== state) {
        state = seen;
        kept.clear();
      }
      return async (names, constraints, values, version) => {
        const scope = JSON.stringify([
          constraints,
          constraints.filter(isEquality).map((c) => values[c]),
          version,
        ]);
        const out = new Map<string, Candidate[]>();
        const missing = names.filter((name) => {
          const hit = kept.get(`${scope}\u0000${name}`);
          if (hit !== undefined) out.set(name, hit);
          return hit === undefined;
        });
        for (let i = 0; i < missing.length; i += NAMES_PER_QUERY) {
          const batch = missing.slice(i, i + NAMES_PER_QUERY);
          const found = new Map<string, Candidate[]>(batch.map((name) => [name, []]));
          for (const c of await candidateVulnerabilities(db, batch, constraints, values, version))
            found.get(c.vuln.package.name)?.push(c);
          for (const [name, candidates] of found) {
            out.set(name, candidates);
            // A report that began before an update landed must not keep what it read after.
            if (seen === state) kept.set(`${scope}\u0000${name}`, candidates);
          }
        }
        return out;
      };
    },
  };
}

/** The latest vulnerability operation of every updater, as one comparable string. */
async function latestOperations(db: pg.Pool): Promise<string> {
  const { rows } = await db.query<{ state: string | null }>(
    `SELECT string_agg(id::text, ',' ORDER BY id) AS state FROM (
       SELECT max(id) AS id FROM matcher.update_operation WHERE kind = 'vulnerability' GROUP BY updater) o`,
  );
  return rows[0]?.state ?? '';
}
