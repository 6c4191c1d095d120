import type pg from 'pg';
import { boundedCache } from '../../bounded-cache.ts';
import {
  toWireVulnerability,
  VULN_COLUMNS,
  type WireVulnerability,
} from '../../updater/wire-vulnerability.ts';

export type VulnerabilityLoader = (ids: readonly string[]) => Promise<Map<string, WireVulnerability>>;

/**
 * Reads vulnerabilities whole by id, keeping up to `size` of them between calls: a row's content
 * never changes under its id (rows are content-addressed and only ever deleted), and callers ask
 * only for ids a query has just found alive, so a kept row is never stale.
 */
export function vulnerabilityLoader(db: pg.Pool, size = 20_000): VulnerabilityLoader {
  const kept = boundedCache<string, WireVulnerability>(size);
  return async (ids) => {
    const out = new Map<string, WireVulnerability>();
    const missing = ids.filter((id) => {
      const v = kept.get(id);
      if (v !== undefined) out.set(id, v);
      return v === undefined;
    });
    if (missing.length > 0) {
      const { rows } = await db.query(
        `SELECT ${VULN_COLUMNS('v')} FROM matcher.vuln v WHERE v.id = ANY($1::bigint[])`,
        [missing],
      );
      for (const row of rows) {
        const v = toWireVulnerability(row);
        out.set(v.id, v);
        kept.set(v.id, v);
      }
    }
    return out;
  };
}
