import type pg from 'pg';

/** Clair's UpdateOperation on the wire. */
export type UpdateOperation = {
  readonly ref: string;
  readonly updater: string;
  readonly fingerprint: string;
  /** RFC 3339. */
  readonly date: string;
  readonly kind: string;
};

export type OperationKind = 'vulnerability' | 'enrichment';

type Row = { ref: string; updater: string; fingerprint: string; date: Date; kind: string };

const toOperation = (r: Row): UpdateOperation => ({
  ref: r.ref,
  updater: r.updater,
  fingerprint: r.fingerprint,
  date: r.date.toISOString(),
  kind: r.kind,
});

/** Each updater's operations of a kind, newest first; only the newest one per updater when latest. */
export async function getUpdateOperations(
  db: pg.Pool,
  kind: OperationKind,
  latest: boolean,
): Promise<Record<string, UpdateOperation[]>> {
  const { rows } = await db.query<Row>(
    latest
      ? `SELECT DISTINCT ON (updater) ref, updater, fingerprint, date, kind FROM matcher.update_operation
         WHERE kind = $1 ORDER BY updater, id DESC`
      : `SELECT ref, updater, fingerprint, date, kind FROM matcher.update_operation WHERE kind = $1 ORDER BY updater, id DESC`,
    [kind],
  );
  const out: Record<string, UpdateOperation[]> = {};
  for (const row of rows) {
    out[row.updater] ??= [];
    out[row.updater]?.push(toOperation(row));
  }
  return out;
}

/** The newest operation of a kind across every updater: the ETag of the operations list. */
export async function latestOperationRef(db: pg.Pool, kind: OperationKind): Promise<string | undefined> {
  const { rows } = await db.query<{ ref: string }>(
    'SELECT ref FROM matcher.update_operation WHERE kind = $1 ORDER BY id DESC LIMIT 1',
    [kind],
  );
  return rows[0]?.ref;
}

/** The fingerprint of an updater's newest operation of a kind, handed to its next fetch. */
export async function latestFingerprint(
  db: pg.Pool,
  updater: string,
  kind: OperationKind,
): Promise<string | undefined> {
  const { rows } = await db.query<{ fingerprint: string }>(
    'SELECT fingerprint FROM matcher.update_operation WHERE updater = $1 AND kind = $2 ORDER BY id DESC LIMIT 1',
    [updater, kind],
  );
  return rows[0]?.fingerprint;
}

/** Deletes one operation and its links; its vulnerabilities go at the next garbage collection. True when it existed. */
export async function deleteUpdateOperation(db: pg.Pool, ref: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM matcher.update_operation WHERE ref = $1', [ref]);
  return rowCount === 1;
}

/** One operation by ref. */
export async function getUpdateOperation(db: pg.Pool, ref: string): Promise<UpdateOperation | undefined> {
  const { rows } = await db.query<Row>(
    'SELECT ref, updater, fingerprint, date, kind FROM matcher.update_operation WHERE ref = $1',
    [ref],
  );
  return rows[0] === undefined ? undefined : toOperation(rows[0]);
}
