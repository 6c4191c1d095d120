import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import { contentHash } from '../../../lib/updater/content-hash.ts';
import { BATCH } from '../../../lib/updater/store/store-operation.ts';
import { storeUpdate } from '../../../lib/updater/store/store-update.ts';
import type { Vulnerability } from '../../../lib/updater/types.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { captureLog } from '../../helpers/log.ts';
import { vuln } from '../../helpers/ndjson-updater.ts';

const UPDATER = 'test/store';

async function* feed(records: readonly Vulnerability[], failAfter?: Error): AsyncIterable<Vulnerability> {
  yield* records;
  if (failAfter !== undefined) throw failAfter;
}

const ranged = (name: string): Vulnerability => ({
  ...vuln(name, 'bash', '5.2-1'),
  range: { kind: 'dpkg', lower: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], upper: [5, 2, 1, 0, 0, 0, 0, 0, 0, 0] },
});

/** Many records over several batches; names are unique. */
const many = (n: number, prefix: string): Vulnerability[] =>
  Array.from({ length: n }, (_, i) => vuln(`${prefix}-${i}`, `pkg-${i % 97}`, `${i}.0-1`));

describe('storing an update operation', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  const captured = captureLog();

  /** The names an operation links, sorted. */
  const linked = async (ref: string): Promise<string[]> =>
    (
      await db.query<{ name: string }>(
        `SELECT v.name FROM matcher.uo_vuln l JOIN matcher.vuln v ON v.id = l.vuln
         JOIN matcher.update_operation o ON o.id = l.uo WHERE o.ref = $1 ORDER BY v.name`,
        [ref],
      )
    ).rows.map((r) => r.name);
  const count = async (table: string): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

  before(async () => {
    store = await openTestDatabase(captured.log);
    db = store.db;
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await clearUpdates(db);
  });

  it('stores a record given twice in one batch as one row, linked once', async () => {
    // Given a feed repeating a record
    const records = [vuln('CVE-1', 'openssl', '3.0.1'), ranged('CVE-2'), vuln('CVE-1', 'openssl', '3.0.1')];

    // When it is stored
    const stored = await storeUpdate(db, UPDATER, 'f1', feed(records));

    // Then there is one row per distinct record, each linked once
    assert.deepEqual({ parsed: stored.parsed, inserted: stored.inserted }, { parsed: 3, inserted: 2 });
    assert.equal(await count('matcher.vuln'), 2);
    assert.deepEqual(await linked(stored.ref), ['CVE-1', 'CVE-2']);
    const { rows } = await db.query<{ range: string }>(
      `SELECT vulnerable_range::text AS range FROM matcher.vuln WHERE name = 'CVE-2'`,
    );
    assert.equal(rows[0]?.range, '["{0,0,0,0,0,0,0,0,0,0}","{5,2,1,0,0,0,0,0,0,0}")');
  });

  it('stores a lone surrogate as U+FFFD, and an escaped backslash before "ud800" as it is', async () => {
    // Given text no UTF-8 can hold (a lone surrogate), and text that only looks like its escape
    const records = [
      { ...vuln('CVE-S1', 'a', '1'), description: `broken \ud800 text` },
      { ...vuln('CVE-S2', 'a', '1'), description: 'path C:\\ud800' },
    ];

    // When they are stored
    await storeUpdate(db, UPDATER, 'f1', feed(records));

    // Then the surrogate is the replacement character and the rest is unchanged
    const { rows } = await db.query<{ description: string }>(
      `SELECT description FROM matcher.vuln ORDER BY name`,
    );
    assert.deepEqual(
      rows.map((r) => r.description),
      ['broken \ufffd text', 'path C:\\ud800'],
    );
  });

  it('links the rows of records already stored and inserts only the new ones', async () => {
    // Given an operation holding two records
    const first = await storeUpdate(db, UPDATER, 'f1', feed([vuln('CVE-1', 'a', '1'), ranged('CVE-2')]));
    const ids = async () =>
      (await db.query<{ id: string }>(`SELECT id FROM matcher.vuln WHERE name = 'CVE-2'`)).rows.map(
        (r) => r.id,
      );
    const before = await ids();

    // When a second operation has one of them and a new one
    const second = await storeUpdate(db, UPDATER, 'f2', feed([ranged('CVE-2'), vuln('CVE-3', 'c', '1')]));

    // Then only the new one is inserted; the shared one is the same row in both operations
    assert.equal(second.inserted, 1);
    assert.deepEqual(await linked(second.ref), ['CVE-2', 'CVE-3']);
    assert.deepEqual(await linked(first.ref), ['CVE-1', 'CVE-2']);
    assert.deepEqual(await ids(), before);
    assert.equal(await count('matcher.vuln'), 3);
  });

  it('stores records over several batches, repeats across batches included', async () => {
    // Given more records than two batches, the last ones repeating the first ones
    const records = many(2 * BATCH + 50, 'CVE-M');
    const repeated = [...records, ...records.slice(0, 100)];

    // When they are stored, then a second time as a new operation
    const first = await storeUpdate(db, UPDATER, 'f1', feed(repeated));
    const second = await storeUpdate(db, UPDATER, 'f2', feed(repeated));

    // Then every distinct record is one row, linked once from each operation
    assert.deepEqual(
      { parsed: first.parsed, inserted: first.inserted },
      { parsed: repeated.length, inserted: records.length },
    );
    assert.equal(second.inserted, 0);
    assert.equal(await count('matcher.vuln'), records.length);
    assert.equal((await linked(first.ref)).length, records.length);
    assert.equal((await linked(second.ref)).length, records.length);
  });

  it('links a record another transaction committed while the insert waited on it', async () => {
    // Given another transaction holding an uncommitted row of the same content hash
    const record = vuln('CVE-9', 'zlib', '1.3-1');
    const other = await db.connect();
    try {
      await other.query('BEGIN');
      const { rows } = await other.query<{ id: string }>(
        `INSERT INTO matcher.vuln (hash, updater, name, description, links, severity, normalized_severity,
           package_name, package_version, package_module, package_arch, package_kind, fixed_in_version,
           arch_operation, version_kind, vulnerable_range)
         VALUES ($1, $2, 'CVE-9', '', '', '', 'Unknown', 'zlib', '', '', '', 'source', '', '', '', 'empty')
         RETURNING id`,
        [contentHash(UPDATER, record), UPDATER],
      );

      // When the store runs, waits on that row, and the other transaction commits meanwhile
      const storing = storeUpdate(db, UPDATER, 'f1', feed([record, vuln('CVE-10', 'zlib', '1')]));
      await waitForLockWait(db);
      await other.query('COMMIT');
      const stored = await storing;

      // Then the operation links the committed row, not a copy
      assert.equal(stored.inserted, 1);
      assert.deepEqual(await linked(stored.ref), ['CVE-10', 'CVE-9']);
      const { rows: links } = await db.query<{ vuln: string }>(
        `SELECT l.vuln FROM matcher.uo_vuln l JOIN matcher.vuln v ON v.id = l.vuln WHERE v.name = 'CVE-9'`,
      );
      assert.deepEqual(
        links.map((l) => l.vuln),
        [rows[0]?.id],
      );
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
    }
  });

  it('fails on a parse error after several batches and stores nothing', async () => {
    // Given a feed that breaks after more than two batches
    const broken = new Error('feed cut off');

    // When it is stored
    await assert.rejects(storeUpdate(db, UPDATER, 'f1', feed(many(2 * BATCH + 10, 'CVE-P'), broken)), broken);

    // Then no operation and no row were recorded
    assert.equal(await count('matcher.update_operation'), 0);
    assert.equal(await count('matcher.vuln'), 0);
  });

  it('fails on a record the database refuses while the next batch waits, and stores nothing', async () => {
    // Given a record PostgreSQL cannot store (a NUL character) in the second batch, and more after it
    const records = many(3 * BATCH, 'CVE-N');
    records[BATCH + 5] = vuln('CVE-N-\u0000', 'nul', '1');

    // When it is stored
    await assert.rejects(
      storeUpdate(db, UPDATER, 'f1', feed(records)),
      /unsupported Unicode escape sequence/,
    );

    // Then no operation and no row were recorded
    assert.equal(await count('matcher.update_operation'), 0);
    assert.equal(await count('matcher.vuln'), 0);
  });
});

/** Waits until a session of the database waits on a row lock, as an insert on a held hash does. */
async function waitForLockWait(db: pg.Pool): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await db.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no session waited on the lock');
}
