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

/** Batches records for insertBatch; see batchInserter. */
export type BatchInserter<T> = {
  /** Adds a record, sending the batch when it is full. */
  add(record: T): Promise<void>;
  /** Sends what is gathered and waits until every batch is stored; answers the rows inserted so far. */
  drain(): Promise<number>;
  /**
   * After a failure: waits for the batch in the database to end, whatever its outcome, so that
   * none of its statements reaches the client after the rollback.
   */
  settle(): Promise<void>;
};

/**
 * Sends records to insert a batch at a time with one batch in the database while the next is
 * gathered: the parse and hashing of the next batch overlap the database's work on the previous
 * one. At most two batches are held. Batches run in order on the caller's client, and the first
 * failure is the one thrown.
 */
export function batchInserter<T>(insert: (batch: readonly T[]) => Promise<number>): BatchInserter<T> {
  let batch: T[] = [];
  let inFlight = Promise.resolve(0);
  let inserted = 0;
  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const next = insert(batch);
    // Handled when awaited: by the next send or by drain, or left to the rollback when one failed before it.
    next.catch(() => undefined);
    batch = [];
    const previous = inFlight;
    inFlight = next;
    inserted += await previous;
  };
  return {
    add: async (record) => {
      batch.push(record);
      if (batch.length >= BATCH) await send();
    },
    drain: async () => {
      await send();
      inserted += await inFlight;
      inFlight = Promise.resolve(0);
      return inserted;
    },
    settle: async () => {
      await inFlight.catch(() => undefined);
    },
  };
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
    const batches = batchInserter<T>((batch) => insertBatch(client, operation, batch));
    let parsed = 0;
    try {
      for await (const r of records) {
        parsed++;
        await batches.add(r);
      }
    } catch (err) {
      await batches.settle();
      throw err;
    }
    return { ref, parsed, inserted: await batches.drain() };
  });
}
