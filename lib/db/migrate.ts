import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { lockXact, withTransaction } from './transaction.ts';

/** Each service owns one schema; migrations run in this order. */
export const SCHEMAS = ['indexer', 'matcher', 'notifier'] as const;

export type Migration = {
  readonly schema: string;
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
};

export type MigrationResult = {
  /** `<schema>/<file>` of each migration applied by this run. */
  readonly applied: readonly string[];
  /** How many were already in place. */
  readonly current: number;
};

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');
const FILE = /^(\d+)-[a-z0-9-]+\.sql$/;

/** The migration files under dir/<schema>/NN-what-it-does.sql, in the order they apply. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const out: Migration[] = [];
  for (const schema of SCHEMAS) {
    const files = (await readdir(join(dir, schema))).filter((f) => f.endsWith('.sql')).sort();
    for (const name of files) {
      const match = FILE.exec(name);
      if (match === null)
        throw new ConfigError(`migration file ${schema}/${name} is not named NN-what-it-does.sql`);
      const sql = await readFile(join(dir, schema, name), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      out.push({ schema, version: Number(match[1]), name, sql, checksum });
    }
  }
  return out;
}

/**
 * Brings the database up to date. One transaction holds an advisory lock, so concurrent runs
 * queue behind each other and the later ones find nothing to do; a failure rolls everything back.
 */
export async function migrate(pool: pg.Pool, log: Logger, dir?: string): Promise<MigrationResult> {
  const migrations = await readMigrations(dir);
  const started = Date.now();
  const result = await withTransaction(pool, async (client) => {
    await lockXact(client, 'clairless:migrate');
    await client.query(`CREATE TABLE IF NOT EXISTS public.clairless_migration (
      schema_name text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (schema_name, version))`);
    const { rows } = await client.query<{
      schema_name: string;
      version: number;
      name: string;
      checksum: string;
    }>('SELECT schema_name, version, name, checksum FROM public.clairless_migration');
    checkRecorded(rows, migrations);
    const done = new Set(rows.map((r) => `${r.schema_name}/${r.version}`));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(`${m.schema}/${m.version}`)) continue;
      await client.query(m.sql).catch((cause: unknown) => {
        throw new Error(`migration ${m.schema}/${m.name} failed: ${(cause as Error).message}`, { cause });
      });
      await client.query(
        'INSERT INTO public.clairless_migration (schema_name, version, name, checksum) VALUES ($1, $2, $3, $4)',
        [m.schema, m.version, m.name, m.checksum],
      );
      applied.push(`${m.schema}/${m.name}`);
    }
    return { applied, current: migrations.length - applied.length };
  });
  log.info('migrate done', {
    applied: result.applied,
    current: result.current,
    duration_ms: Date.now() - started,
  });
  return result;
}

// A released migration is never edited, and a database migrated by a newer clairless is not
// touched by an older one: both would leave a schema that no code version describes.
function checkRecorded(
  rows: readonly { schema_name: string; version: number; name: string; checksum: string }[],
  migrations: readonly Migration[],
): void {
  for (const row of rows) {
    const known = migrations.find((m) => m.schema === row.schema_name && m.version === row.version);
    if (known === undefined) {
      throw new ConfigError(
        `database has migration ${row.schema_name}/${row.name} that this clairless does not know: it was migrated by a newer version`,
      );
    }
    if (known.checksum !== row.checksum) {
      throw new ConfigError(
        `migration ${row.schema_name}/${row.name} was edited after it was applied: add a new migration instead`,
      );
    }
  }
}
