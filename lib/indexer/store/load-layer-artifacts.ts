import type pg from 'pg';
import type { Digest } from '../digest.ts';
import type {
  KindedVersion,
  LayerArtifacts,
  PackageKind,
  StoredDistribution,
  StoredPackage,
  StoredRepository,
} from '../types.ts';

export type LayerRef = { readonly id: string; readonly hash: Digest };

/**
 * What the given scanners found in each layer, read back from the store in layer order, so a
 * cached layer coalesces exactly like a freshly scanned one. Results of scanners not asked for
 * (older versions, say) are not read.
 */
export async function loadLayerArtifacts(
  db: pg.Pool,
  layers: readonly LayerRef[],
  scannerIds: readonly string[],
): Promise<LayerArtifacts[]> {
  const ids = [...new Set(layers.map((l) => l.id))];
  const params = [ids, scannerIds];
  const [packages, dists, repos, files] = await Promise.all([
    db.query(
      `SELECT a.layer_id, b.id, b.name, b.kind, b.version, b.module, b.arch, b.norm_kind, b.norm_version,
              s.id AS source_id, s.name AS source_name, s.version AS source_version, s.arch AS source_arch,
              s.norm_kind AS source_norm_kind, s.norm_version AS source_norm_version,
              a.package_db, a.repository_hint, a.filepath, sc.name AS scanner
       FROM indexer.package_scanartifact a
       JOIN indexer.package b ON b.id = a.package_id
       LEFT JOIN indexer.package s ON s.id = a.source_id
       JOIN indexer.scanner sc ON sc.id = a.scanner_id
       WHERE a.layer_id = ANY($1::bigint[]) AND a.scanner_id = ANY($2::bigint[])
       ORDER BY b.name, b.version, b.kind, a.package_db`,
      params,
    ),
    db.query(
      `SELECT a.layer_id, d.* FROM indexer.dist_scanartifact a JOIN indexer.dist d ON d.id = a.dist_id
       WHERE a.layer_id = ANY($1::bigint[]) AND a.scanner_id = ANY($2::bigint[]) ORDER BY d.id`,
      params,
    ),
    db.query(
      `SELECT a.layer_id, r.* FROM indexer.repo_scanartifact a JOIN indexer.repo r ON r.id = a.repo_id
       WHERE a.layer_id = ANY($1::bigint[]) AND a.scanner_id = ANY($2::bigint[]) ORDER BY r.id`,
      params,
    ),
    db.query(
      `SELECT a.layer_id, f.path, f.kind FROM indexer.file_scanartifact a JOIN indexer.file f ON f.id = a.file_id
       WHERE a.layer_id = ANY($1::bigint[]) AND a.scanner_id = ANY($2::bigint[])`,
      params,
    ),
  ]);
  const byLayer = <T>(
    rows: Record<string, unknown>[],
    map: (r: Record<string, unknown>) => T,
  ): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const r of rows) {
      const key = String(r.layer_id);
      const list = out.get(key);
      if (list === undefined) out.set(key, [map(r)]);
      else list.push(map(r));
    }
    return out;
  };
  const pkgs = byLayer(packages.rows, toPackage);
  const distributions = byLayer(dists.rows, toDistribution);
  const repositories = byLayer(repos.rows, toRepository);
  const whiteouts = byLayer(files.rows, (r) => ({ path: String(r.path), kind: 'whiteout' as const }));
  return layers.map((l) => ({
    layer: l.hash,
    packages: pkgs.get(l.id) ?? [],
    distributions: distributions.get(l.id) ?? [],
    repositories: repositories.get(l.id) ?? [],
    files: whiteouts.get(l.id) ?? [],
  }));
}

function toPackage(r: Record<string, unknown>): StoredPackage {
  const sourceId = r.source_id === null ? undefined : String(r.source_id);
  const norm = normalizedVersion(r.norm_kind, r.norm_version);
  const sourceNorm = normalizedVersion(r.source_norm_kind, r.source_norm_version);
  return {
    id: String(r.id),
    name: String(r.name),
    version: String(r.version),
    kind: r.kind as PackageKind,
    module: String(r.module),
    arch: String(r.arch),
    ...(norm === undefined ? {} : { normalizedVersion: norm }),
    source:
      sourceId === undefined
        ? undefined
        : {
            name: String(r.source_name),
            version: String(r.source_version),
            arch: String(r.source_arch),
            ...(sourceNorm === undefined ? {} : { normalizedVersion: sourceNorm }),
          },
    sourceId,
    packageDb: String(r.package_db),
    repositoryHint: String(r.repository_hint),
    filepath: String(r.filepath),
    scanner: String(r.scanner),
  };
}

function normalizedVersion(kind: unknown, v: unknown): KindedVersion | undefined {
  return typeof kind === 'string' && kind !== '' && Array.isArray(v) ? { kind, v: v.map(Number) } : undefined;
}

function toDistribution(r: Record<string, unknown>): StoredDistribution {
  return {
    id: String(r.id),
    did: String(r.did),
    name: String(r.name),
    version: String(r.version),
    versionCodeName: String(r.version_code_name),
    versionId: String(r.version_id),
    arch: String(r.arch),
    cpe: String(r.cpe),
    prettyName: String(r.pretty_name),
  };
}

function toRepository(r: Record<string, unknown>): StoredRepository {
  return {
    id: String(r.id),
    name: String(r.name),
    key: String(r.key),
    uri: String(r.uri),
    cpe: String(r.cpe),
  };
}
