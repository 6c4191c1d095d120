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

/**
 * Stores a batch of records (a row per hash, shared with earlier operations) and links them to
 * the operation in one statement, as insertVulnerabilities does; answers how many rows were new.
 */
async function insertBatch(
  client: pg.PoolClient,
  operation: string,
  updater: string,
  batch: readonly EnrichmentRecord[],
): Promise<number> {
  // Records of the same hash are the same row: one of them goes in.
  const rows = new Map<string, EnrichmentRecord>();
  for (const r of batch) {
    const hash = enrichmentHash(updater, r).toString('hex');
    if (!rows.has(hash)) rows.set(hash, r);
  }
  const hashes = [...rows.keys()].map((h) => Buffer.from(h, 'hex'));
  const records = [...rows.values()];
  // Tags go as JSON text: records have different numbers of tags, and PostgreSQL arrays of
  // arrays must be rectangular.
  const { rows: counts } = await client.query<{ inserted: string; linked: string }>(
    `WITH input AS (
       SELECT * FROM unnest($3::bytea[], $4::text[], $5::text[]) AS i (hash, tags, data)
     ), inserted AS (
       INSERT INTO matcher.enrichment (hash, updater, tags, data)
       SELECT hash, $2, ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), data::jsonb FROM input
       ON CONFLICT (hash) DO NOTHING
       RETURNING id, hash
     ), found AS (
       SELECT id FROM inserted
       UNION ALL
       SELECT id FROM matcher.enrichment
       WHERE hash = ANY (ARRAY(SELECT hash FROM input EXCEPT ALL SELECT hash FROM inserted))
     ), linked AS (
       INSERT INTO matcher.uo_enrich (uo, enrich) SELECT $1, id FROM found ON CONFLICT DO NOTHING
     )
     SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM found) AS linked`,
    [
      operation,
      updater,
      hashes,
      records.map((r) => JSON.stringify(r.tags)),
      records.map((r) => JSON.stringify(r.data)),
    ],
  );
  // A row another transaction committed while the insert waited on its hash is in neither set
  // (the statement's snapshot predates it): link the batch again by hash with a new snapshot.
  if (Number(counts[0]?.linked) < hashes.length) {
    await client.query(
      `INSERT INTO matcher.uo_enrich (uo, enrich) SELECT $1, id FROM matcher.enrichment WHERE hash = ANY($2::bytea[]) ON CONFLICT DO NOTHING`,
      [operation, hashes],
    );
  }
  return Number(counts[0]?.inserted);
}
