// Stores one enrichment updater run (claircore's UpdateEnrichments): a new update operation of
// kind 'enrichment' linking every record the feed holds.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { EnrichmentRecord } from '../types.ts';
import { type StoredUpdate, storeOperation } from './store-operation.ts';

/**
 * The identity of a record: its updater, its tags in order and its data, so an unchanged record
 * is one row across operations. Tags are sorted first, as claircore does.
 */
function enrichmentHash(updater: string, r: EnrichmentRecord): Buffer {
  return createHash('sha256')
    .update(JSON.stringify([updater, [...r.tags].sort(), r.data]))
    .digest();
}

/** storeOperation for an enrichment updater: rows in matcher.enrichment, linked by uo_enrich. */
export function storeEnrichments(
  db: pg.Pool,
  updater: string,
  fingerprint: string,
  records: AsyncIterable<EnrichmentRecord>,
): Promise<StoredUpdate> {
  return storeOperation(db, 'enrichment', updater, fingerprint, records, (client, operation, batch) =>
    insertBatch(client, operation, updater, batch),
  );
}

async function insertBatch(
  client: pg.PoolClient,
  operation: string,
  updater: string,
  batch: readonly EnrichmentRecord[],
): Promise<number> {
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
