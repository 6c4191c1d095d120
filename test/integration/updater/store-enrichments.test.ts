import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import { storeEnrichments } from '../../../lib/updater/store/store-enrichments.ts';
import { BATCH } from '../../../lib/updater/store/store-operation.ts';
import type { EnrichmentRecord } from '../../../lib/updater/types.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { captureLog } from '../../helpers/log.ts';

const UPDATER = 'test/enrich';

async function* feed(records: readonly EnrichmentRecord[]): AsyncIterable<EnrichmentRecord> {
  yield* records;
}

const cvss = (id: string, score: number): EnrichmentRecord => ({
  tags: [id, `pkg-${id}`],
  data: { id, score },
});

describe('storing an enrichment operation', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  const captured = captureLog();

  /** The first tag of each record an operation links, sorted. */
  const linked = async (ref: string): Promise<string[]> =>
    (
      await db.query<{ tag: string }>(
        `SELECT e.tags[1] AS tag FROM matcher.uo_enrich l JOIN matcher.enrichment e ON e.id = l.enrich
         JOIN matcher.update_operation o ON o.id = l.uo WHERE o.ref = $1 ORDER BY 1`,
        [ref],
      )
    ).rows.map((r) => r.tag);
  const rows = async (): Promise<number> =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM matcher.enrichment')).rows[0]?.n);

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

  it('stores repeats as one row and shares rows already stored, over several batches', async () => {
    // Given a feed of more than a batch repeating a record, then a second feed sharing one
    const many = Array.from({ length: BATCH + 10 }, (_, i) => cvss(`CVE-${i}`, i));
    const first = await storeEnrichments(db, UPDATER, 'f1', feed([...many, cvss('CVE-0', 0)]));

    // When the second feed is stored
    const second = await storeEnrichments(db, UPDATER, 'f2', feed([cvss('CVE-1', 1), cvss('CVE-X', 9)]));

    // Then each distinct record is one row, and each operation links exactly its records
    assert.deepEqual(
      { parsed: first.parsed, inserted: first.inserted },
      { parsed: BATCH + 11, inserted: BATCH + 10 },
    );
    assert.equal(second.inserted, 1);
    assert.equal(await rows(), BATCH + 11);
    assert.equal((await linked(first.ref)).length, BATCH + 10);
    assert.deepEqual(await linked(second.ref), ['CVE-1', 'CVE-X']);
    const { rows: stored } = await db.query<{ tags: string[]; data: unknown }>(
      `SELECT tags, data FROM matcher.enrichment WHERE tags[1] = 'CVE-X'`,
    );
    assert.deepEqual(stored, [{ tags: ['CVE-X', 'pkg-CVE-X'], data: { id: 'CVE-X', score: 9 } }]);
  });

  it('links a record another transaction committed while the insert waited on it', async () => {
    // Given another transaction holding an uncommitted row of the same hash
    const record = cvss('CVE-9', 9.8);
    const hash = createHash('sha256')
      .update(JSON.stringify([UPDATER, [...record.tags].sort(), record.data]))
      .digest();
    const other = await db.connect();
    try {
      await other.query('BEGIN');
      const { rows: held } = await other.query<{ id: string }>(
        `INSERT INTO matcher.enrichment (hash, updater, tags, data) VALUES ($1, $2, $3, $4) RETURNING id`,
        [hash, UPDATER, record.tags, record.data],
      );

      // When the store runs, waits on that row, and the other transaction commits meanwhile
      const storing = storeEnrichments(db, UPDATER, 'f1', feed([record, cvss('CVE-10', 1)]));
      await waitForLockWait(db);
      await other.query('COMMIT');
      const stored = await storing;

      // Then the operation links the committed row
      assert.equal(stored.inserted, 1);
      assert.deepEqual(await linked(stored.ref), ['CVE-10', 'CVE-9']);
      const { rows: links } = await db.query<{ enrich: string }>(
        `SELECT l.enrich FROM matcher.uo_enrich l JOIN matcher.enrichment e ON e.id = l.enrich WHERE e.tags[1] = 'CVE-9'`,
      );
      assert.deepEqual(
        links.map((l) => l.enrich),
        [held[0]?.id],
      );
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
    }
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
