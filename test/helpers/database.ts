import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
