import type pg from 'pg';
import type { Digest } from '../digest.ts';
import type { WireDistribution, WirePackage, WireRepository } from '../index-report.ts';

const PAGE = 5000;

/** What one advisory asks of indexed packages: its package name and a value per column. */
export type PackageQuery = {
  readonly name: string;
  /** Indexer column (`p.module`, `d.did`, `r.name`, ...) -> the value it must equal. */
  readonly equal: Readonly<Record<string, string>>;
};

/** An indexed package in one place, and the manifest it belongs to. */
export type AffectedPackage = {
  /** Index of the query that found it. */
  readonly query: number;
  readonly manifest: Digest;
  readonly package: WirePackage;
  readonly distribution: WireDistribution | undefined;
  readonly repository: WireRepository | undefined;
};

/**
 * Indexed packages named as each query asks, with equal column values (claircore-engine.md
 * section 4.5), in one query for all: the package kind is not compared, and source packages are
 * found because manifest_index lists them too. Every query has the same columns.
 */
export async function* affectedPackages(
  db: pg.Pool,
  queries: readonly PackageQuery[],
  pageSize = PAGE,
): AsyncGenerator<AffectedPackage> {
  const columns = Object.keys(queries[0]?.equal ?? {});
  if (queries.length === 0) return;
  const params: unknown[] = [queries.map((_, i) => i), queries.map((q) => q.name)];
  const where = columns.map((column, c) => {
    params.push(queries.map((q) => q.equal[column] ?? ''));
    return `AND ${column} = q.c${c}`;
  });
  const arrays = params.map((_, i) => `$${i + 1}::${i === 0 ? 'int' : 'text'}[]`).join(', ');
  // A cursor, read a page at a time: a package in thousands of manifests never comes back as
  // one huge result. It lives in a read-only transaction of its own client.
  const client = await db.connect();
  let open = false;
  try {
    await client.query('BEGIN READ ONLY');
    open = true;
    await client.query(
      `DECLARE affected NO SCROLL CURSOR FOR
       SELECT q.i, m.hash, p.id AS p_id, p.name AS p_name, p.kind AS p_kind, p.version AS p_version,
         p.module AS p_module, p.arch AS p_arch, p.norm_kind, p.norm_version,
         d.id AS d_id, d.did, d.name AS d_name, d.version AS d_version, d.version_code_name,
         d.version_id, d.arch AS d_arch, d.cpe AS d_cpe, d.pretty_name,
         r.id AS r_id, r.name AS r_name, r.key AS r_key, r.uri AS r_uri, r.cpe AS r_cpe
       FROM unnest(${arrays}) AS q(i, name${columns.map((_, c) => `, c${c}`).join('')})
       JOIN indexer.package p ON p.name = q.name
       JOIN indexer.manifest_index mi ON mi.package_id = p.id
       JOIN indexer.manifest m ON m.id = mi.manifest_id
       LEFT JOIN indexer.dist d ON d.id = mi.dist_id
       LEFT JOIN indexer.repo r ON r.id = mi.repo_id
       WHERE true ${where.join(' ')}`,
      params,
    );
    for (;;) {
      const { rows } = await client.query(`FETCH ${Math.max(1, Math.floor(pageSize))} FROM affected`);
      yield* rows.map((row) => ({
        query: row.i,
        manifest: row.hash,
        package: {
          id: String(row.p_id),
          name: row.p_name,
          version: row.p_version,
          kind: row.p_kind,
          normalized_version:
            row.norm_version === null ? '' : `${row.norm_kind}:${row.norm_version.join('.')}`,
          module: row.p_module,
          arch: row.p_arch,
          cpe: '',
        },
        distribution:
          row.d_id === null
            ? undefined
            : {
                id: String(row.d_id),
                did: row.did,
                name: row.d_name,
                version: row.d_version,
                version_code_name: row.version_code_name,
                version_id: row.version_id,
                arch: row.d_arch,
                cpe: row.d_cpe,
                pretty_name: row.pretty_name,
              },
        repository:
          row.r_id === null
            ? undefined
            : { id: String(row.r_id), name: row.r_name, key: row.r_key, uri: row.r_uri, cpe: row.r_cpe },
      }));
      if (rows.length < pageSize) break;
    }
    await client.query('COMMIT');
    open = false;
  } finally {
    // A consumer that stops early leaves the transaction open: end it before the client goes back.
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
