import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../lib/db/migrate.ts';
import { openPool } from '../../lib/db/pool.ts';
import type { Logger } from '../../lib/log.ts';

export type TestDatabase = {
  readonly url: string;
  drop(): Promise<void>;
};

/** A new, empty database in the test run's PostgreSQL (started by global-setup.ts). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.CLAIRLESS_TEST_POSTGRES_URL;
  if (base === undefined) throw new Error('CLAIRLESS_TEST_POSTGRES_URL is unset: run tests with npm test');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export type OpenTestDatabase = TestDatabase & {
  /** A pool on the database, migrated. */
  readonly db: pg.Pool;
  /** Ends the pool and drops the database. */
  close(): Promise<void>;
};

/** A new database, migrated, with a pool on it. */
export async function openTestDatabase(log: Logger): Promise<OpenTestDatabase> {
  const tdb = await createTestDatabase();
  const db = openPool(tdb.url, { maxConnections: 4, log });
  await migrate(db, log);
  return {
    ...tdb,
    db,
    close: async () => {
      await db.end();
      await tdb.drop();
    },
  };
}

/** Empties the vulnerability data (operations, rows, status, leases), as between tests. */
export async function clearUpdates(db: pg.Pool): Promise<void> {
  await db.query(
    'TRUNCATE matcher.update_operation, matcher.vuln, matcher.updater_status, matcher.update_lease CASCADE',
  );
}
