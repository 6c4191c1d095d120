import type pg from 'pg';
import type { KindedVersion } from '../../indexer/types.ts';
import type { VersionRange } from '../../updater/types.ts';
import { type ConstraintValues, isEquality } from '../constraints.ts';
import type { Constraint, MatchableVulnerability } from '../types.ts';
import { RANGE_COLUMNS, rangeFromRow } from './range-columns.ts';

/** Package names per query: one indexed lookup of the whole batch. */
export const NAMES_PER_QUERY = 1000;

/** A vulnerability row as far as matching reads it, with its normalised range. */
export type Candidate = { readonly vuln: MatchableVulnerability; readonly range: VersionRange | undefined };

/**
 * The vulnerabilities, from each updater's latest operation only, filed under any of the names and
 * equal to the given values on every constraint (claircore-engine.md section 4.3). Only what the
 * version rules read is fetched: the few rows that match are read whole afterwards. The caller
 * compares package kinds: a row named like a record's source package must also be a source row.
 */
export async function candidateVulnerabilities(
  db: pg.Pool,
  names: readonly string[],
  constraints: readonly Constraint[],
  values: ConstraintValues,
  version?: KindedVersion,
): Promise<Candidate[]> {
  const params: unknown[] = [names];
  // Known-not-affected assertions (invert) are never matches: Clair's report has no place for them.
  const where = ['v.package_name = ANY($1::text[])', 'NOT v.invert'];
  for (const c of constraints) {
    if (!isEquality(c)) where.push(`v.fixed_in_version <> ''`);
    else {
      params.push(values[c]);
      where.push(`v.${c} = $${params.length}`);
    }
  }
  // A version filter keeps rows whose range holds the record's normalised version.
  if (version !== undefined) {
    params.push(version.kind, version.v);
    where.push(
      `v.version_kind = $${params.length - 1} AND v.vulnerable_range @> $${params.length}::integer[]`,
    );
  }
  // Each row is checked against the latest operations by one probe of uo_vuln's (vuln, uo) index:
  // LIMIT 1 keeps the planner from hashing the whole of uo_vuln instead.
  const { rows } = await db.query(
    `SELECT v.id, v.name, v.package_name, v.package_version, v.package_kind, v.package_arch,
       v.package_module, v.repo_name, v.repo_key, v.repo_uri, v.fixed_in_version, v.arch_operation,
       ${RANGE_COLUMNS}
     FROM matcher.vuln v
     CROSS JOIN LATERAL (
       SELECT 1 FROM matcher.uo_vuln l WHERE l.vuln = v.id AND l.uo = ANY(ARRAY(
         SELECT max(id) FROM matcher.update_operation WHERE kind = 'vulnerability' GROUP BY updater))
       LIMIT 1) AS current
     WHERE ${where.join(' AND ')}`,
    params,
  );
  return rows.map((row) => ({
    vuln: {
      id: String(row.id),
      name: row.name,
      package: {
        name: row.package_name,
        version: row.package_version,
        kind: row.package_kind,
        arch: row.package_arch,
        module: row.package_module,
      },
      repository: { name: row.repo_name, key: row.repo_key, uri: row.repo_uri },
      fixed_in_version: row.fixed_in_version,
      arch_op: row.arch_operation,
    },
    range: rangeFromRow(row),
  }));
}
