import assert from 'node:assert/strict';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { migrate, readMigrations, SCHEMAS } from '../../../lib/db/migrate.ts';
import { openPool } from '../../../lib/db/pool.ts';
import { ConfigError } from '../../../lib/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { captureLog } from '../../helpers/log.ts';

const MIGRATIONS = join(import.meta.dirname, '../../../lib/db/migrations');

type Recorded = { schema_name: string; version: number; name: string; checksum: string };

async function recorded(pool: pg.Pool): Promise<Recorded[]> {
  const { rows } = await pool.query<Recorded>(
    'SELECT schema_name, version, name, checksum FROM public.clairless_migration ORDER BY schema_name, version',
  );
  return rows;
}

/** A copy of the real migrations with one extra file, to play a newer or edited release. */
async function migrationsWith(schema: string, file: string, sql: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clairless-migrations-'));
  await cp(MIGRATIONS, dir, { recursive: true });
  await writeFile(join(dir, schema, file), sql);
  return dir;
}

describe('migrations', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const { log } = captureLog();

  before(async () => {
    db = await createTestDatabase();
    pool = openPool(db.url, { maxConnections: 4, log });
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  it('reads one ordered set of files per schema', async () => {
    const migrations = await readMigrations();
    assert.deepEqual([...new Set(migrations.map((m) => m.schema))], [...SCHEMAS]);
    for (const schema of SCHEMAS) {
      const versions = migrations.filter((m) => m.schema === schema).map((m) => m.version);
      assert.deepEqual(
        versions,
        [...versions].sort((a, b) => a - b),
      );
      assert.equal(versions[0], 1);
    }
  });

  it('creates every schema and records each migration on a fresh database', async () => {
    const result = await migrate(pool, log);
    const files = await readMigrations();
    assert.deepEqual(
      result.applied,
      files.map((m) => `${m.schema}/${m.name}`),
    );
    const { rows } = await pool.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname',
      [[...SCHEMAS]],
    );
    assert.deepEqual(
      rows.map((r) => r.nspname),
      [...SCHEMAS].sort(),
    );
    assert.equal((await recorded(pool)).length, files.length);
  });

  it('does nothing the second time', async () => {
    const before = await recorded(pool);
    const result = await migrate(pool, log);
    assert.deepEqual(result.applied, []);
    assert.equal(result.current, before.length);
    assert.deepEqual(await recorded(pool), before);
  });

  it('applies only what is new', async () => {
    const dir = await migrationsWith('indexer', '99-add-probe.sql', 'CREATE TABLE indexer.probe (id int);');
    const result = await migrate(pool, log, dir);
    assert.deepEqual(result.applied, ['indexer/99-add-probe.sql']);
    await pool.query('INSERT INTO indexer.probe VALUES (1)');
  });

  it('rejects a migration edited after it was applied, changing nothing', async () => {
    const dir = await migrationsWith(
      'indexer',
      '99-add-probe.sql',
      'CREATE TABLE indexer.probe (id bigint);',
    );
    const before = await recorded(pool);
    await assert.rejects(migrate(pool, log, dir), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /migration indexer\/99-add-probe\.sql was edited after it was applied/);
      return true;
    });
    assert.deepEqual(await recorded(pool), before);
  });

  it('rejects running an older release against a database migrated by a newer one', async () => {
    await assert.rejects(
      migrate(pool, log),
      /database has migration indexer\/99-add-probe\.sql that this clairless does not know/,
    );
  });

  it('rolls back a failing migration entirely', async () => {
    const fresh = await createTestDatabase();
    const freshPool = openPool(fresh.url, { maxConnections: 2, log });
    try {
      const dir = await migrationsWith(
        'notifier',
        '99-broken.sql',
        'CREATE TABLE notifier.ok (id int); SELECT nonsense;',
      );
      await assert.rejects(
        migrate(freshPool, log, dir),
        /migration notifier\/99-broken\.sql failed: column "nonsense" does not exist/,
      );
      const { rowCount } = await freshPool.query(
        "SELECT 1 FROM pg_tables WHERE tablename = 'clairless_migration'",
      );
      assert.equal(rowCount, 0);
    } finally {
      await freshPool.end();
      await fresh.drop();
    }
  });

  it('lets concurrent runs both succeed with one identical schema', async () => {
    const fresh = await createTestDatabase();
    const pools = [0, 1, 2, 3].map(() => openPool(fresh.url, { maxConnections: 1, log }));
    // A slow migration keeps the runs overlapping, so only the lock can keep them apart.
    const dir = await migrationsWith('notifier', '99-slow.sql', 'SELECT pg_sleep(0.3);');
    try {
      const results = await Promise.all(pools.map((p) => migrate(p, log, dir)));
      const files = await readMigrations(dir);
      const applied = results.flatMap((r) => r.applied);
      assert.deepEqual([...applied].sort(), files.map((m) => `${m.schema}/${m.name}`).sort());
      assert.equal(results.filter((r) => r.applied.length > 0).length, 1);
      assert.equal((await recorded(pools[0] as pg.Pool)).length, files.length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await fresh.drop();
    }
  });
});
