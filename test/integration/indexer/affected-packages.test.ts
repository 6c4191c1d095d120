// The reverse lookup's query, page by page, over a real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { affectedPackages } from '../../../lib/indexer/store/affected-packages.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { indexDebianManifest } from '../../helpers/indexed-manifest.ts';
import { captureLog } from '../../helpers/log.ts';

describe('affected packages', () => {
  let store: OpenTestDatabase;
  const digests = [1, 2, 3, 4, 5].map((i) => `sha256:${String(i).repeat(64)}`);
  before(async () => {
    store = await openTestDatabase(captureLog().log);
    for (const digest of digests)
      await indexDebianManifest(store.db, digest, [
        { name: 'libssl3', version: '3.0.11-1', source: 'openssl' },
      ]);
  });
  after(() => store.close());

  it('yields every matching row once, whatever the page size', async () => {
    const queries = [
      { name: 'openssl', equal: { 'd.did': 'debian' } },
      { name: 'libssl3', equal: { 'd.did': 'debian' } },
      { name: 'openssl', equal: { 'd.did': 'ubuntu' } },
    ];
    for (const pageSize of [1, 2, 3, 5000]) {
      const rows: string[] = [];
      for await (const row of affectedPackages(store.db, queries, pageSize))
        rows.push(`${row.query} ${row.package.name} ${row.manifest}`);
      assert.equal(rows.length, 10, `page size ${pageSize}`);
      assert.equal(new Set(rows).size, 10, `page size ${pageSize}`);
      assert.deepEqual(
        [...new Set(rows.map((r) => r.split(' ')[2]))].sort(),
        digests,
        `page size ${pageSize}`,
      );
    }
  });

  it('gives its connection back, transaction ended, when the reader stops early', async () => {
    // More early stops than the pool has connections: a leaked one would hang the next.
    for (let i = 0; i < 6; i++) {
      for await (const row of affectedPackages(store.db, [{ name: 'openssl', equal: {} }], 1)) {
        assert.equal(row.package.name, 'openssl');
        break;
      }
    }
    const { rows } = await store.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    assert.equal(rows[0]?.n, 0);
  });
});
