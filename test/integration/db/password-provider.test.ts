import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

// IAM authentication rests on pg asking a password function once per new connection; this checks
// that contract against the real server (scram-sha-256), since RDS itself is out of reach here.
describe('a password provider', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createTestDatabase();
  });
  after(() => tdb.drop());

  it('is asked once for each new connection and its answer is what signs in', async () => {
    const { password, ...settings } = parseIntoClientConfig(tdb.url);
    let asked = 0;
    const pool = new pg.Pool({
      ...settings,
      max: 2,
      password: async () => {
        asked++;
        return String(password);
      },
    });
    const clients = await Promise.all([pool.connect(), pool.connect()]);
    for (const client of clients) client.release();
    assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1);
    assert.equal(asked, 2);
    await pool.end();
    const wrong = new pg.Pool({ ...settings, max: 1, password: async () => 'not-the-token' });
    await assert.rejects(wrong.query('SELECT 1'), /password authentication failed/);
    await wrong.end();
  });
});
