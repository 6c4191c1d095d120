import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';

export type StoredUpdate = {
  readonly ref: string;
  /** Records the feed gave. */
  readonly parsed: number;
  /** Records new to the database; the rest were already there from earlier operations. */
  readonly inserted: number;
  /** Delta updates: records of names the feed did not mention, carried over from the previous operation. */
  readonly kept?: number;
};

/** Stores a batch of records and links them to the operation; answers how many rows were new. */
export type InsertBatch<T> = (
  client: pg.PoolClient,
  operation: string,
  batch: readonly T[],
) => Promise<number>;

/** Records per insert statement. */
export const BATCH = 1000;

/** A new update operation row, inside the caller's transaction: its ref and its row id. */
export async function createOperation(
  client: pg.PoolClient,
  kind: 'vulnerability' | 'enrichment',
  updater: string,
  fingerprint: string,
): Promise<{ ref: string; id: string }> {
  const ref = randomUUID();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO matcher.update_operation (ref, updater, fingerprint, kind) VALUES ($1, $2, $3, $4) RETURNING id`,
    [ref, updater, fingerprint, kind],
  );
  return { ref, id: rows[0]?.id as string };
}

/**
 * Records one updater run that fetched new data: a new update operation of the kind linking
 * every record the feed holds, rows shared with earlier operations by content hash. All in one
 * transaction, fed batch by batch from the parse: if the parse fails anywhere (a feed cut off, a
 * malformed record), nothing is recorded and the previous operation stays the latest.
 */
export async function storeOperation<T>(
  db: pg.Pool,
  kind: 'vulnerability' | 'enrichment',
  updater: string,
  fingerprint: string,
  records: AsyncIterable<T>,
  insertBatch: InsertBatch<T>,
): Promise<StoredUpdate> {
  return withTransaction(db, async (client) => {
    const { ref, id: operation } = await createOperation(client, kind, updater, fingerprint);
    let parsed = 0;
    let inserted = 0;
    let batch: T[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length > 0) inserted += await insertBatch(client, operation, batch);
      batch = [];
    };
    for await (const r of records) {
      parsed++;
      batch.push(r);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return { ref, parsed, inserted };
  });
}
