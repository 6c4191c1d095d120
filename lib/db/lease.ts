import type pg from 'pg';

/**
 * A table of leases: a row per key held by an owner until expires_at. A lease is a try-lock a
 * worker renews while it works and a crashed worker lets expire; being a row, not a session
 * lock, it never pins an RDS Proxy connection.
 */
export type LeaseTable = { readonly table: string; readonly key: string };

export const INDEX_LEASES: LeaseTable = { table: 'indexer.index_lease', key: 'manifest_id' };
export const UPDATE_LEASES: LeaseTable = { table: 'matcher.update_lease', key: 'updater' };

/** Takes the lease on key for ttlMs when it is free, expired or already owner's; false while another holds it. */
export async function acquireLease(
  db: pg.Pool,
  leases: LeaseTable,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const { table, key: column } = leases;
  const { rowCount } = await db.query(
    `INSERT INTO ${table} (${column}, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (${column}) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
     WHERE ${table}.expires_at < now() OR ${table}.owner = EXCLUDED.owner`,
    [key, owner, ttlMs],
  );
  return rowCount === 1;
}

/** Extends owner's lease; false when it was lost (expired and taken by another). */
async function renewLease(
  db: pg.Pool,
  leases: LeaseTable,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE ${leases.table} SET expires_at = now() + $3 * interval '1 millisecond' WHERE ${leases.key} = $1 AND owner = $2`,
    [key, owner, ttlMs],
  );
  return rowCount === 1;
}

async function releaseLease(db: pg.Pool, leases: LeaseTable, key: string, owner: string): Promise<void> {
  await db.query(`DELETE FROM ${leases.table} WHERE ${leases.key} = $1 AND owner = $2`, [key, owner]);
}

/**
 * Runs fn while holding the lease on key, renewing it every renewMs; answers undefined without
 * running fn when another owner holds it. The lease is released when fn ends, however it ends.
 */
export async function withLease<T>(
  db: pg.Pool,
  leases: LeaseTable,
  key: string,
  owner: string,
  options: { readonly ttlMs: number; readonly renewMs: number; readonly onLost: (err?: unknown) => void },
  fn: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  if (!(await acquireLease(db, leases, key, owner, options.ttlMs))) return undefined;
  const renew = setInterval(() => {
    renewLease(db, leases, key, owner, options.ttlMs).then(
      (held) => held || options.onLost(),
      (err: unknown) => options.onLost(err),
    );
  }, options.renewMs);
  try {
    return { value: await fn() };
  } finally {
    clearInterval(renew);
    await releaseLease(db, leases, key, owner);
  }
}
