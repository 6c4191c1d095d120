// GET and DELETE notification/{id} over the notifier-api handler and a real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import type { ApiHandler } from '../../../lib/http/stack.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { createNotifierApi } from '../../../lib/notifier/api.ts';
import { createSet, type NotificationSet } from '../../../lib/notifier/store/notification-sets.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { apiEvent } from '../../helpers/events.ts';
import { captureLog } from '../../helpers/log.ts';

const notification = (i: number) => ({
  manifest: `sha256:${String(i).padStart(64, '0')}`,
  reason: 'added' as const,
  vulnerability: {
    name: `CVE-2024-${i}`,
    description: '',
    severity: 'High',
    fixed_in_version: '',
    links: '',
  },
});

describe('notification API', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  let api: ApiHandler;
  let set: NotificationSet;
  const { log } = captureLog();
  const call = async (path: string, query = '', method = 'GET') => {
    const res = await api(
      apiEvent({ method, path: `/notifier/api/v1/notification/${path}`, query }),
      lambdaContext('notifier-api', 30_000),
    );
    return {
      status: res.statusCode,
      body: res.body === undefined || res.body === '' ? undefined : JSON.parse(res.body),
    };
  };

  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
    api = createNotifierApi({ config: parseConfig('', 'test.yaml', {}).config, log, db });
    const made = await createSet(
      db,
      'debian/updater',
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      [1, 2, 3, 4, 5, 6, 7].map(notification),
    );
    assert.ok(made !== undefined);
    set = made;
  });
  after(() => store.close());

  it('pages through a set in id order: every notification once, next only while more follow', async () => {
    const seen: string[] = [];
    let next: string | undefined;
    const sizes: number[] = [];
    do {
      const { status, body } = await call(set.id, `page_size=3${next === undefined ? '' : `&next=${next}`}`);
      assert.equal(status, 200);
      assert.equal(body.page.size, 3);
      sizes.push(body.notifications.length);
      seen.push(...body.notifications.map((n: { id: string }) => n.id));
      next = body.page.next;
      if (next !== undefined) assert.equal(next, body.notifications.at(-1).id);
    } while (next !== undefined);
    assert.deepEqual(sizes, [3, 3, 1]);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(new Set(seen).size, 7);
  });

  it('answers the whole set with the default page size of 500, and caps larger ones at 1000', async () => {
    const whole = await call(set.id);
    assert.deepEqual([whole.body.page, whole.body.notifications.length], [{ size: 500 }, 7]);
    assert.deepEqual((await call(set.id, 'page_size=0')).body.page, { size: 500 });
    assert.deepEqual((await call(set.id, 'page_size=5000')).body.page, { size: 1000 });
    const first = whole.body.notifications[0];
    assert.deepEqual(Object.keys(first), ['id', 'manifest', 'reason', 'vulnerability']);
  });

  it('fails bad ids, sizes and cursors with 400 naming them, and an unknown set with 404', async () => {
    assert.match((await call('nope')).body.message, /notification id "nope" is not a UUID/);
    assert.match((await call(set.id, 'page_size=-1')).body.message, /page_size "-1"/);
    assert.match((await call(set.id, 'page_size=abc')).body.message, /page_size "abc"/);
    assert.match((await call(set.id, 'next=zzz')).body.message, /next "zzz" is not a UUID/);
    assert.equal((await call('00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it('deletes idempotently and keeps a deleted set readable until it is purged', async () => {
    assert.equal((await call(set.id, '', 'DELETE')).status, 200);
    assert.equal((await call(set.id, '', 'DELETE')).status, 200);
    assert.equal((await call(set.id)).body.notifications.length, 7);
    assert.equal((await call('00000000-0000-4000-8000-000000000000', '', 'DELETE')).status, 404);
  });
});
