import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';
import type { Digest } from '../digest.ts';

/**
 * Deletes manifests and everything only they used: their layers that no other manifest has
 * (with those layers' scan results), then the packages, distributions, repositories and files
 * that nothing refers to any more. A manifest being indexed right now (its lease is held) is
 * skipped, as is an unknown one; the answer lists what was deleted.
 */
export async function deleteManifests(db: pg.Pool, hashes: readonly Digest[]): Promise<Digest[]> {
  const deleted: Digest[] = [];
  for (const hash of new Set(hashes)) {
    if (await withTransaction(db, (client) => deleteOne(client, hash))) deleted.push(hash);
  }
  return deleted;
}

async function deleteOne(client: pg.PoolClient, hash: Digest): Promise<boolean> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT m.id FROM indexer.manifest m WHERE m.hash = $1 AND NOT EXISTS (
       SELECT 1 FROM indexer.index_lease l WHERE l.manifest_id = m.id AND l.expires_at > now())
     FOR UPDATE`,
    [hash],
  );
  const id = rows[0]?.id;
  if (id === undefined) return false;
  const { rows: doomed } = await client.query<{ layer_id: string }>(
    `SELECT DISTINCT ml.layer_id FROM indexer.manifest_layer ml WHERE ml.manifest_id = $1
     AND NOT EXISTS (SELECT 1 FROM indexer.manifest_layer o WHERE o.layer_id = ml.layer_id AND o.manifest_id <> $1)`,
    [id],
  );
  const layers = doomed.map((l) => l.layer_id);
  // What the doomed rows refer to may become unreferenced: collect it before the cascade.
  const candidates = await client.query<{
    packages: string[];
    dists: string[];
    repos: string[];
    files: string[];
  }>(
    `SELECT
       ARRAY(SELECT package_id FROM indexer.package_scanartifact WHERE layer_id = ANY($2::bigint[])
             UNION SELECT source_id FROM indexer.package_scanartifact WHERE layer_id = ANY($2::bigint[]) AND source_id IS NOT NULL
             UNION SELECT package_id FROM indexer.manifest_index WHERE manifest_id = $1) AS packages,
       ARRAY(SELECT dist_id FROM indexer.dist_scanartifact WHERE layer_id = ANY($2::bigint[])
             UNION SELECT dist_id FROM indexer.manifest_index WHERE manifest_id = $1 AND dist_id IS NOT NULL) AS dists,
       ARRAY(SELECT repo_id FROM indexer.repo_scanartifact WHERE layer_id = ANY($2::bigint[])
             UNION SELECT repo_id FROM indexer.manifest_index WHERE manifest_id = $1 AND repo_id IS NOT NULL) AS repos,
       ARRAY(SELECT file_id FROM indexer.file_scanartifact WHERE layer_id = ANY($2::bigint[])) AS files`,
    [id, layers],
  );
  await client.query('DELETE FROM indexer.manifest WHERE id = $1', [id]);
  await client.query('DELETE FROM indexer.layer WHERE id = ANY($1::bigint[])', [layers]);
  const c = candidates.rows[0];
  await client.query(
    `DELETE FROM indexer.package p WHERE p.id = ANY($1::bigint[])
     AND NOT EXISTS (SELECT 1 FROM indexer.package_scanartifact a WHERE a.package_id = p.id)
     AND NOT EXISTS (SELECT 1 FROM indexer.package_scanartifact a WHERE a.source_id = p.id)
     AND NOT EXISTS (SELECT 1 FROM indexer.manifest_index i WHERE i.package_id = p.id)`,
    [c?.packages ?? []],
  );
  await client.query(
    `DELETE FROM indexer.dist d WHERE d.id = ANY($1::bigint[])
     AND NOT EXISTS (SELECT 1 FROM indexer.dist_scanartifact a WHERE a.dist_id = d.id)
     AND NOT EXISTS (SELECT 1 FROM indexer.manifest_index i WHERE i.dist_id = d.id)`,
    [c?.dists ?? []],
  );
  await client.query(
    `DELETE FROM indexer.repo r WHERE r.id = ANY($1::bigint[])
     AND NOT EXISTS (SELECT 1 FROM indexer.repo_scanartifact a WHERE a.repo_id = r.id)
     AND NOT EXISTS (SELECT 1 FROM indexer.manifest_index i WHERE i.repo_id = r.id)`,
    [c?.repos ?? []],
  );
  await client.query(
    `DELETE FROM indexer.file f WHERE f.id = ANY($1::bigint[])
     AND NOT EXISTS (SELECT 1 FROM indexer.file_scanartifact a WHERE a.file_id = f.id)`,
    [c?.files ?? []],
  );
  return true;
}
