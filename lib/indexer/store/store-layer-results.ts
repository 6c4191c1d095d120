import type pg from 'pg';
import { withTransaction } from '../../db/transaction.ts';
import type { Distribution, KindedVersion, LayerFile, Repository, ScannedPackage } from '../types.ts';

export type ScanResults =
  | { readonly kind: 'package'; readonly items: readonly ScannedPackage[] }
  | { readonly kind: 'distribution'; readonly items: readonly Distribution[] }
  | { readonly kind: 'repository'; readonly items: readonly Repository[] }
  | { readonly kind: 'file'; readonly items: readonly LayerFile[] };

/**
 * Stores what one scanner found in one layer and marks the layer scanned by it, in one
 * transaction: either both are there or neither. Empty results are marked scanned too, so the
 * layer is never scanned again by this scanner version. Safe to repeat.
 */
export async function storeLayerResults(
  db: pg.Pool,
  layerId: string,
  scannerId: string,
  results: ScanResults,
): Promise<void> {
  await withTransaction(db, async (client) => {
    await storeByKind(client, layerId, scannerId, results);
    await client.query(
      'INSERT INTO indexer.scanned_layer (layer_id, scanner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [layerId, scannerId],
    );
  });
}

async function storeByKind(
  client: pg.PoolClient,
  layerId: string,
  scannerId: string,
  results: ScanResults,
): Promise<void> {
  switch (results.kind) {
    case 'package':
      return storePackages(client, layerId, scannerId, results.items);
    case 'distribution': {
      const d = results.items;
      const columns = [
        d.map((x) => x.did),
        d.map((x) => x.name),
        d.map((x) => x.version),
        d.map((x) => x.versionCodeName),
        d.map((x) => x.versionId),
        d.map((x) => x.arch),
        d.map((x) => x.cpe),
        d.map((x) => x.prettyName),
      ];
      const input = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
        AS i (did, name, version, version_code_name, version_id, arch, cpe, pretty_name)`;
      await client.query(
        `INSERT INTO indexer.dist (did, name, version, version_code_name, version_id, arch, cpe, pretty_name)
         SELECT DISTINCT * FROM ${input} ON CONFLICT DO NOTHING`,
        columns,
      );
      await client.query(
        `INSERT INTO indexer.dist_scanartifact (layer_id, scanner_id, dist_id)
         SELECT $9, $10, dist.id FROM indexer.dist
         JOIN ${input} USING (did, name, version, version_code_name, version_id, arch, cpe, pretty_name)
         ON CONFLICT DO NOTHING`,
        [...columns, layerId, scannerId],
      );
      return;
    }
    case 'repository': {
      const r = results.items;
      await client.query(
        `INSERT INTO indexer.repo (name, key, uri, cpe)
         SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [r.map((x) => x.name), r.map((x) => x.key), r.map((x) => x.uri), r.map((x) => x.cpe)],
      );
      await client.query(
        `INSERT INTO indexer.repo_scanartifact (layer_id, scanner_id, repo_id)
         SELECT $1, $2, repo.id FROM indexer.repo
         JOIN unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS i (name, key, uri, cpe) USING (name, key, uri, cpe)
         ON CONFLICT DO NOTHING`,
        [
          layerId,
          scannerId,
          r.map((x) => x.name),
          r.map((x) => x.key),
          r.map((x) => x.uri),
          r.map((x) => x.cpe),
        ],
      );
      return;
    }
    case 'file': {
      const f = results.items;
      await client.query(
        `INSERT INTO indexer.file (path, kind) SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
        [f.map((x) => x.path), f.map((x) => x.kind)],
      );
      await client.query(
        `INSERT INTO indexer.file_scanartifact (layer_id, scanner_id, file_id)
         SELECT $1, $2, file.id FROM indexer.file JOIN unnest($3::text[], $4::text[]) AS i (path, kind) USING (path, kind)
         ON CONFLICT DO NOTHING`,
        [layerId, scannerId, f.map((x) => x.path), f.map((x) => x.kind)],
      );
      return;
    }
  }
}

async function storePackages(
  client: pg.PoolClient,
  layerId: string,
  scannerId: string,
  packages: readonly ScannedPackage[],
): Promise<void> {
  // Binary, ancestry and source packages are rows of one table; sources have no module.
  const rows = packages.flatMap((p) => [
    [p.name, p.kind ?? 'binary', p.version, p.module, p.arch, ...normColumns(p.normalizedVersion)],
    ...(p.source === undefined
      ? []
      : [
          [
            p.source.name,
            'source',
            p.source.version,
            '',
            p.source.arch ?? '',
            ...normColumns(p.source.normalizedVersion),
          ],
        ]),
  ]);
  const column = (i: number) => rows.map((r) => r[i] as string | null);
  await client.query(
    `INSERT INTO indexer.package (name, kind, version, module, arch, norm_kind, norm_version)
     SELECT DISTINCT name, kind, version, module, arch, norm_kind, norm_version::integer[]
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS i (name, kind, version, module, arch, norm_kind, norm_version)
     ON CONFLICT DO NOTHING`,
    [column(0), column(1), column(2), column(3), column(4), column(5), column(6)],
  );
  await client.query(
    `INSERT INTO indexer.package_scanartifact (layer_id, scanner_id, package_id, source_id, package_db, repository_hint, filepath)
     SELECT $1, $2, b.id, s.id, i.package_db, i.repository_hint, i.filepath
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
       AS i (name, kind, version, module, arch, source_name, source_version, source_arch, package_db, repository_hint, filepath)
     JOIN indexer.package b ON (b.name, b.kind, b.version, b.module, b.arch) = (i.name, i.kind, i.version, i.module, i.arch)
     LEFT JOIN indexer.package s ON (s.name, s.kind, s.version, s.module, s.arch) = (i.source_name, 'source', i.source_version, '', i.source_arch)
     ON CONFLICT DO NOTHING`,
    [
      layerId,
      scannerId,
      packages.map((p) => p.name),
      packages.map((p) => p.kind ?? 'binary'),
      packages.map((p) => p.version),
      packages.map((p) => p.module),
      packages.map((p) => p.arch),
      packages.map((p) => p.source?.name ?? null),
      packages.map((p) => p.source?.version ?? null),
      packages.map((p) => p.source?.arch ?? ''),
      packages.map((p) => p.packageDb),
      packages.map((p) => p.repositoryHint),
      packages.map((p) => p.filepath),
    ],
  );
}

/** norm_kind and norm_version (an integer[] literal) of a normalised version, or "" and NULL. */
function normColumns(v: KindedVersion | undefined): [string, string | null] {
  return v === undefined ? ['', null] : [v.kind, `{${v.v.join(',')}}`];
}
