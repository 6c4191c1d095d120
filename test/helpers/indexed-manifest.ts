// Reverse-matching tests: a manifest as the indexer leaves it in its tables (package, source
// package, distribution, manifest_index rows), without indexing a layer.
import type pg from 'pg';

export type IndexedPackage = { readonly name: string; readonly version: string; readonly source: string };

/** Records a Debian 12 manifest holding the packages; answers nothing, the digest is the caller's. */
export async function indexDebianManifest(
  db: pg.Pool,
  digest: string,
  packages: readonly IndexedPackage[],
): Promise<void> {
  const { rows: dist } = await db.query<{ id: string }>(
    `INSERT INTO indexer.dist (did, name, version, version_code_name, version_id, pretty_name)
     VALUES ('debian', 'Debian GNU/Linux', '12 (bookworm)', 'bookworm', '12', 'Debian GNU/Linux 12 (bookworm)')
     ON CONFLICT (did, name, version, version_code_name, version_id, arch, cpe, pretty_name)
     DO UPDATE SET did = EXCLUDED.did RETURNING id`,
  );
  const { rows: manifest } = await db.query<{ id: string }>(
    'INSERT INTO indexer.manifest (hash) VALUES ($1) ON CONFLICT (hash) DO UPDATE SET hash = EXCLUDED.hash RETURNING id',
    [digest],
  );
  for (const p of packages) {
    for (const [name, kind] of [
      [p.name, 'binary'],
      [p.source, 'source'],
    ]) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO indexer.package (name, kind, version) VALUES ($1, $2, $3)
         ON CONFLICT (name, version, kind, module, arch) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [name, kind, p.version],
      );
      await db.query(
        `INSERT INTO indexer.manifest_index (package_id, dist_id, manifest_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [rows[0]?.id, dist[0]?.id, manifest[0]?.id],
      );
    }
  }
}
