import type pg from 'pg';
import { NotFoundError } from '../../errors.ts';
import { toWireVulnerability, VULN_COLUMNS, type WireVulnerability } from '../wire-vulnerability.ts';
import { getUpdateOperation, type UpdateOperation } from './update-operations.ts';

/** Clair's UpdateDiff: what cur links that prev does not (added), and the reverse (removed). */
export type UpdateDiff = {
  readonly prev: UpdateOperation;
  readonly cur: UpdateOperation;
  readonly added: readonly WireVulnerability[] | null;
  readonly removed: readonly WireVulnerability[] | null;
};

// What Clair sends for an absent prev: the zero operation.
const ZERO_OPERATION: UpdateOperation = {
  ref: '00000000-0000-0000-0000-000000000000',
  updater: '',
  fingerprint: '',
  date: '0001-01-01T00:00:00Z',
  kind: '',
};

/**
 * The diff between two operations of the same updater; without prev, everything cur links is
 * added. Rows are content-addressed, so only records that changed appear. Known-not-affected
 * assertions (invert) are left out: Clair's wire has no field to tell them from vulnerabilities.
 */
export async function getUpdateDiff(db: pg.Pool, cur: string, prev: string | undefined): Promise<UpdateDiff> {
  const current = await getUpdateOperation(db, cur);
  if (current === undefined) throw new NotFoundError(`update operation ${cur} not found`);
  const previous = prev === undefined ? undefined : await getUpdateOperation(db, prev);
  if (prev !== undefined && previous === undefined)
    throw new NotFoundError(`update operation ${prev} not found`);
  const linked = (a: string, b: string | undefined) =>
    db.query(
      `SELECT ${VULN_COLUMNS('v')} FROM matcher.vuln v
       JOIN matcher.uo_vuln l ON l.vuln = v.id JOIN matcher.update_operation o ON o.id = l.uo AND o.ref = $1
       WHERE NOT v.invert AND ($2::uuid IS NULL OR NOT EXISTS (
         SELECT 1 FROM matcher.uo_vuln l2 JOIN matcher.update_operation o2 ON o2.id = l2.uo AND o2.ref = $2 WHERE l2.vuln = v.id))
       ORDER BY v.id`,
      [a, b ?? null],
    );
  const added = (await linked(cur, prev)).rows.map(toWireVulnerability);
  const removed = prev === undefined ? null : (await linked(prev, cur)).rows.map(toWireVulnerability);
  return { prev: previous ?? ZERO_OPERATION, cur: current, added, removed };
}
