// Stores one enrichment updater run (claircore's UpdateEnrichments): a new update operation of
// kind 'enrichment' linking every record the feed holds.
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';
import type { EnrichmentRecord } from '../types.ts';
import type { StoredUpdate } from './store-update.ts';

const BATCH = 1000;

/**
 * The identity of a record: its updater, its tags in order and its data, so an unchanged record
 * is one row across operations. Tags are sorted first, as claircore does.
 */
function enrichmentHash(updater: string, r: EnrichmentRecord): Buffer {
  return createHash('sha256')
    .update(JSON.stringify([updater, [...r.tags].sort(), r.data]))
    .digest();
}

/**
 * As storeUpdate for vulnerabilities: one transaction fed batch by batch from the parse, so a
 * parse that fails anywhere records nothing and the previous operation stays the latest.
 */
export async function storeEnrichments(
  db: pg.Pool,
  updater: string,
  fingerprint: string,
  records: AsyncIterable<EnrichmentRecord>,
): Promise<StoredUpdate> {
  return withTransaction(db, async (client) => {
    const ref = randomUUID();
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO matcher.update_operation (ref, updater, fingerprint, kind) VALUES ($1, $2, $3, 'enrichment') RETURNING id`,
      [ref, updater, fingerprint],
    );
    const operation = rows[0]?.id as string;
    let parsed = 0;
    let inserted = 0;
    let batch: EnrichmentRecord[] = [];
    const flush = async (): Promise<void> => {
      inserted += await insertBatch(client, operation, updater, batch);
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

async function insertBatch(
  client: pg.PoolClient,
  operation: string,
  updater: string,
  batch: readonly EnrichmentRecord[],
): Promise<number> {
  if (batch.length === 0) return 0;
  const hashes = batch.map((r) => enrichmentHash(updater, r));
  // Tags go as JSON text: records have different numbers of tags, and PostgreSQL arrays of
  // arrays must be rectangular.
  const { rowCount } = await client.query(
    `INSERT INTO matcher.enrichment (hash, updater, tags, data)
     SELECT DISTINCT ON (i.hash) i.hash, $1, ARRAY(SELECT jsonb_array_elements_text(i.tags::jsonb)), i.data::jsonb
     FROM unnest($2::bytea[], $3::text[], $4::text[]) AS i (hash, tags, data)
     ON CONFLICT (hash) DO NOTHING`,
    [updater, hashes, batch.map((r) => JSON.stringify(r.tags)), batch.map((r) => JSON.stringify(r.data))],
  );
  await client.query(
    `INSERT INTO matcher.uo_enrich (uo, enrich) SELECT $1, id FROM matcher.enrichment WHERE hash = ANY($2::bytea[]) ON CONFLICT DO NOTHING`,
    [operation, hashes],
  );
  return rowCount ?? 0;
}
