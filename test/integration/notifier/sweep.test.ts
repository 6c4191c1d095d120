// The notifier's scheduled sweep over a real PostgreSQL: operations no job announced, sets not yet
// delivered, and purging.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import { UpstreamError } from '../../../lib/errors.ts';
import { createSet, getSet } from '../../../lib/notifier/store/notification-sets.ts';
import { sweep } from '../../../lib/notifier/sweep.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { captureLog } from '../../helpers/log.ts';
import { storeVulnerabilities } from '../../helpers/matcher.ts';
import { vuln } from '../../helpers/ndjson-updater.ts';

const one = [
  {
    manifest: `sha256:${'a'.repeat(64)}`,
    reason: 'added' as const,
    vulnerability: { name: 'CVE-1', description: '', severity: 'Low', fixed_in_version: '', links: '' },
  },
];

describe('notifier sweep', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  const { log } = captureLog();
  let queued: string[] = [];
  let delivered: string[] = [];
  let refuse = false;
  const deps = () => ({
    db,
    log,
    config: { deliveryAttempts: 2, deliveryBackoffMs: 1 },
    retentionMs: 3_600_000,
    enqueueNotify: async (body: string) => void queued.push(body),
    deliver: async (setId: string) => {
      if (refuse) throw new UpstreamError('receiver down');
      delivered.push(setId);
    },
  });

  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
  });
  after(() => store.close());
  beforeEach(async () => {
    await clearUpdates(db);
    await db.query('TRUNCATE notifier.notification_set CASCADE');
    queued = [];
    delivered = [];
    refuse = false;
  });

  it("queues a notify job for each updater's latest operation that has no set", async () => {
    await storeVulnerabilities(db, 'a/updater', [vuln('CVE-1', 'zlib', '')]);
    const latest = await storeVulnerabilities(db, 'a/updater', [vuln('CVE-2', 'zlib', '')]);
    const done = await storeVulnerabilities(db, 'b/updater', [vuln('CVE-3', 'zlib', '')]);
    await createSet(db, 'b/updater', done, []);
    await sweep(deps(), new AbortController().signal);
    assert.deepEqual(
      queued.map((b) => JSON.parse(b)),
      [{ kind: 'notify', updater: 'a/updater', operation: latest }],
    );
  });

  it('delivers sets still waiting, and keeps a refused one as failed with its reason', async () => {
    const created = await createSet(db, 'a/updater', '11111111-1111-4111-8111-111111111111', one);
    const failing = await createSet(db, 'a/updater', '22222222-2222-4222-8222-222222222222', one);
    assert.ok(created !== undefined && failing !== undefined);
    await db.query(`UPDATE notifier.notification_set SET status = 'failed' WHERE id = $1`, [failing.id]);
    await sweep(deps(), new AbortController().signal);
    assert.deepEqual(delivered.sort(), [created.id, failing.id].sort());
    assert.equal((await getSet(db, failing.id))?.status, 'delivered');

    const another = await createSet(db, 'a/updater', '33333333-3333-4333-8333-333333333333', one);
    refuse = true;
    await sweep(deps(), new AbortController().signal);
    const kept = await getSet(db, another?.id ?? '');
    assert.deepEqual([kept?.status, kept?.attempts, kept?.lastError], ['failed', 2, 'receiver down']);
  });

  it('purges deleted sets and delivered ones past the retention, and nothing else', async () => {
    const ids: string[] = [];
    for (const [i, status, hoursOld] of [
      [1, 'deleted', 0],
      [2, 'delivered', 2],
      [3, 'delivered', 0],
      [4, 'failed', 48],
    ] as const) {
      const set = await createSet(db, 'a/updater', `4444444${i}-4444-4444-8444-444444444444`, one);
      assert.ok(set !== undefined);
      await db.query(
        `UPDATE notifier.notification_set SET status = $2, updated_at = now() - $3 * interval '1 hour' WHERE id = $1`,
        [set.id, status, hoursOld],
      );
      ids.push(set.id);
    }
    await sweep(deps(), new AbortController().signal);
    const left = await Promise.all(ids.map((id) => getSet(db, id)));
    assert.deepEqual(
      left.map((s) => s?.status),
      [undefined, undefined, 'delivered', 'delivered'],
    );
    const { rows } = await db.query('SELECT count(*)::int AS n FROM notifier.notification');
    assert.equal(rows[0]?.n, 2);
  });
});
