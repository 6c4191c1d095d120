import type pg from 'pg';

/**
 * Takes the manifest's index lease for owner until ttlMs from now, when it is free, expired, or
 * already owner's. Answers false while another live worker holds it.
 */
export async function acquireIndexLease(
  db: pg.Pool,
  manifestId: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO indexer.index_lease (manifest_id, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (manifest_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
     WHERE indexer.index_lease.expires_at < now() OR indexer.index_lease.owner = EXCLUDED.owner`,
    [manifestId, owner, ttlMs],
  );
  return rowCount === 1;
}

/** Extends owner's lease; false when it was lost (expired and taken by another worker). */
export async function renewIndexLease(
  db: pg.Pool,
  manifestId: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE indexer.index_lease SET expires_at = now() + $3 * interval '1 millisecond' WHERE manifest_id = $1 AND owner = $2`,
    [manifestId, owner, ttlMs],
  );
  return rowCount === 1;
}

export async function releaseIndexLease(db: pg.Pool, manifestId: string, owner: string): Promise<void> {
  await db.query('DELETE FROM indexer.index_lease WHERE manifest_id = $1 AND owner = $2', [
    manifestId,
    owner,
  ]);
}
