import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';
import type { Manifest } from '../manifest.ts';

export type PersistedManifest = {
  readonly manifestId: string;
  /** Database id of each layer, in manifest order. */
  readonly layerIds: readonly string[];
};

/** Records the manifest and its layers (in order), keeping what is already there. */
export async function persistManifest(db: pg.Pool, manifest: Manifest): Promise<PersistedManifest> {
  return withTransaction(db, async (client) => {
    const { rows: m } = await client.query<{ id: string }>(
      `INSERT INTO indexer.manifest (hash) VALUES ($1)
       ON CONFLICT (hash) DO UPDATE SET hash = EXCLUDED.hash RETURNING id`,
      [manifest.hash],
    );
    const manifestId = String(m[0]?.id);
    const hashes = manifest.layers.map((l) => l.hash);
    await client.query(
      `INSERT INTO indexer.layer (hash) SELECT DISTINCT unnest($1::text[]) ON CONFLICT (hash) DO NOTHING`,
      [hashes],
    );
    const { rows: layers } = await client.query<{ id: string; hash: string }>(
      'SELECT id, hash FROM indexer.layer WHERE hash = ANY($1::text[])',
      [hashes],
    );
    const idOf = new Map(layers.map((l) => [l.hash, String(l.id)]));
    const layerIds = hashes.map((h) => idOf.get(h) as string);
    // Upserts rather than delete-and-insert, so concurrent posts of one manifest do not collide.
    await client.query(
      `INSERT INTO indexer.manifest_layer (manifest_id, layer_id, i)
       SELECT $1, layer_id, i - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS l (layer_id, i)
       ON CONFLICT (manifest_id, i) DO UPDATE SET layer_id = EXCLUDED.layer_id`,
      [manifestId, layerIds],
    );
    await client.query('DELETE FROM indexer.manifest_layer WHERE manifest_id = $1 AND i >= $2', [
      manifestId,
      layerIds.length,
    ]);
    return { manifestId, layerIds };
  });
}
