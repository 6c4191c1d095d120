import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import { acquireLease, UPDATE_LEASES } from '../../../lib/db/lease.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { runUpdater, type UpdateDeps } from '../../../lib/updater/run-updater.ts';
import { getUpdateDiff } from '../../../lib/updater/store/update-diff.ts';
import { getUpdateOperations } from '../../../lib/updater/store/update-operations.ts';
import type { UpdaterSpec } from '../../../lib/updater/types.ts';
import { createUpdateWorker } from '../../../lib/updater/worker.ts';
import { clearUpdates, type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { sqsEvent } from '../../helpers/events.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { ndjson, ndjsonUpdaterSet, vuln } from '../../helpers/ndjson-updater.ts';

const spec = (feed: string): UpdaterSpec => ({ set: 'ndjson', name: `ndjson/${feed}`, params: { feed } });
const signal = new AbortController().signal;
const context = () => lambdaContext('update-worker', 900_000);

describe('update engine', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  let feeds: FeedServer;
  const captured = captureLog();
  const deps = (retention = 10): UpdateDeps => ({
    db,
    factories: new Map([['ndjson', ndjsonUpdaterSet]]),
    updaters: { sets: ['ndjson'], config: { ndjson: { url: feeds.url, feeds: ['a', 'b'] } } },
    retention,
    log: captured.log,
  });
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]?.n);
  const operations = async (updater: string) =>
    (await getUpdateOperations(db, 'vulnerability', false))[updater] ?? [];

  before(async () => {
    store = await openTestDatabase(captured.log);
    db = store.db;
    feeds = await startFeedServer();
  });
  after(async () => {
    await feeds.close();
    await store.close();
  });
  beforeEach(async () => {
    await clearUpdates(db);
    captured.entries.length = 0;
  });

  it('records a new feed, then nothing while its ETag is the same', async () => {
    const records = [
      vuln('CVE-1', 'openssl', '3.0.1'),
      vuln('CVE-2', 'zlib', ''),
      vuln('CVE-3', 'curl', '0'),
    ];
    feeds.set('/a.ndjson', { body: ndjson(records) });
    const first = await runUpdater(spec('a'), deps(), signal, 'test');
    assert.equal(first.status, 'updated');
    assert.equal((await operations('ndjson/a')).length, 1);
    assert.equal(await count('matcher.vuln'), 3);
    const done = captured.entries.find((e) => e.msg === 'update done');
    assert.equal(done?.parsed, 3);
    assert.equal(done?.inserted, 3);
    assert.equal(done?.unchanged, 0);
    assert.equal(typeof done?.duration_ms, 'number');
    assert.ok((done?.fetched_bytes as number) > 0);

    const second = await runUpdater(spec('a'), deps(), signal, 'test');
    assert.equal(second.status, 'unchanged');
    assert.equal((await operations('ndjson/a')).length, 1);
    assert.equal(await count('matcher.vuln'), 3);
    assert.match(feeds.requests.at(-1) ?? '', /GET \/a\.ndjson/);
    const status = await db.query('SELECT last_run_succeeded, last_error FROM matcher.updater_status');
    assert.deepEqual(status.rows, [{ last_run_succeeded: true, last_error: null }]);
  });

  it('treats a 200 with the same Last-Modified (no ETag) as unchanged', async () => {
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    feeds.set('/a.ndjson', { body: ndjson([vuln('CVE-1', 'openssl', '1')]), etag: null, lastModified });
    assert.equal((await runUpdater(spec('a'), deps(), signal, 'test')).status, 'updated');
    assert.equal((await runUpdater(spec('a'), deps(), signal, 'test')).status, 'unchanged');
    assert.equal((await operations('ndjson/a')).length, 1);
  });

  it('records a changed feed as a new operation whose diff is exactly what changed', async () => {
    feeds.set('/a.ndjson', {
      body: ndjson([
        vuln('CVE-1', 'openssl', '3.0.1'),
        vuln('CVE-2', 'zlib', ''),
        vuln('CVE-3', 'curl', '0'),
      ]),
    });
    const prev = await runUpdater(spec('a'), deps(), signal, 'test');
    // CVE-2 gets a fix, CVE-3 goes, CVE-4 comes; CVE-1 stays as it was.
    feeds.set('/a.ndjson', {
      body: ndjson([
        vuln('CVE-1', 'openssl', '3.0.1'),
        vuln('CVE-2', 'zlib', '1.3'),
        vuln('CVE-4', 'bash', '5.2'),
      ]),
    });
    const cur = await runUpdater(spec('a'), deps(), signal, 'test');
    assert.equal(cur.status, 'updated');
    assert.equal((await operations('ndjson/a')).length, 2);
    const done = captured.entries.filter((e) => e.msg === 'update done').at(-1);
    assert.deepEqual([done?.parsed, done?.inserted, done?.unchanged], [3, 2, 1]);

    const diff = await getUpdateDiff(db, cur.ref as string, prev.ref as string);
    const names = (list: readonly { name: string; fixed_in_version: string }[] | null) =>
      (list ?? []).map((v) => `${v.name}@${v.fixed_in_version}`).sort();
    assert.deepEqual(names(diff.added), ['CVE-2@1.3', 'CVE-4@5.2']);
    assert.deepEqual(names(diff.removed), ['CVE-2@', 'CVE-3@0']);
    assert.equal(diff.cur.ref, cur.ref);
    assert.equal(diff.prev.ref, prev.ref);
    // The rows are shared by content: CVE-1 is one row linked from both operations.
    assert.equal(await count('matcher.vuln'), 5);
  });

  it('keeps the previous operation when a feed is cut off, and the other updaters go on', async () => {
    feeds.set('/a.ndjson', { body: ndjson([vuln('CVE-1', 'openssl', '1'), vuln('CVE-2', 'zlib', '2')]) });
    feeds.set('/b.ndjson', { body: ndjson([vuln('CVE-9', 'bash', '1')]) });
    const good = await runUpdater(spec('a'), deps(), signal, 'test');
    const body = ndjson([
      vuln('CVE-1', 'openssl', '1'),
      vuln('CVE-2', 'zlib', '3'),
      vuln('CVE-5', 'xz', '5'),
    ]);
    feeds.set('/a.ndjson', { body: body.slice(0, body.length - 40) });

    const worker = createUpdateWorker({
      ...deps(),
      enqueueUpdate: async () => {},
      enqueueNotify: async () => {},
    });
    const result = await worker(
      sqsEvent([
        JSON.stringify({ kind: 'update', updater: spec('a') }),
        JSON.stringify({ kind: 'update', updater: spec('b') }),
      ]),
      context(),
    );
    // The feed itself is bad, so redelivering now cannot help: a's job is rejected, b's done.
    assert.deepEqual(result, { batchItemFailures: [] });
    const failure = captured.entries.find((e) => e.msg === 'job reject');
    assert.match(
      JSON.stringify(failure),
      /updater ndjson\/a: feed http:\/\/127\.0\.0\.1:\d+\/a\.ndjson line 3/,
    );

    const ops = await operations('ndjson/a');
    assert.deepEqual(
      ops.map((o) => o.ref),
      [good.ref],
    );
    assert.equal(await count('matcher.vuln WHERE updater = $1', ['ndjson/a']), 2);
    assert.equal((await operations('ndjson/b')).length, 1);
    const status = await db.query(
      `SELECT last_run_succeeded, last_error FROM matcher.updater_status WHERE updater = 'ndjson/a'`,
    );
    assert.equal(status.rows[0].last_run_succeeded, false);
    assert.match(status.rows[0].last_error, /line 3/);
  });

  it('skips a run while another holds the updater lease', async () => {
    feeds.set('/a.ndjson', { body: ndjson([vuln('CVE-1', 'openssl', '1')]) });
    assert.ok(await acquireLease(db, UPDATE_LEASES, 'ndjson/a', 'someone-else', 60_000));
    const before = feeds.requests.length;
    const outcome = await runUpdater(spec('a'), deps(), signal, 'test');
    assert.equal(outcome.status, 'skipped');
    assert.equal(feeds.requests.length, before, 'a skipped run does not fetch');
    assert.equal((await operations('ndjson/a')).length, 0);
    await db.query('DELETE FROM matcher.update_lease');
  });

  it('keeps the newest operations per retention and collects what no operation links', async () => {
    for (const fix of ['1', '2', '3', '4']) {
      feeds.set('/a.ndjson', { body: ndjson([vuln('CVE-1', 'openssl', fix), vuln('CVE-2', 'zlib', '9')]) });
      await runUpdater(spec('a'), deps(2), signal, 'test');
    }
    const ops = await operations('ndjson/a');
    assert.equal(ops.length, 2);
    // CVE-2 shared by both, CVE-1 at fixes 3 and 4.
    assert.equal(await count('matcher.vuln'), 3);
    const kept = await db.query<{ fixed_in_version: string }>(
      `SELECT fixed_in_version FROM matcher.vuln WHERE name = 'CVE-1' ORDER BY fixed_in_version`,
    );
    assert.deepEqual(
      kept.rows.map((r) => r.fixed_in_version),
      ['3', '4'],
    );
  });

  it('dispatch queues one update job per discovered updater', async () => {
    const sent: string[] = [];
    const worker = createUpdateWorker({
      ...deps(),
      enqueueUpdate: async (body) => void sent.push(body),
      enqueueNotify: async () => {},
    });
    const result = await worker(sqsEvent([JSON.stringify({ kind: 'dispatch' })]), context());
    assert.deepEqual(result, { batchItemFailures: [] });
    assert.deepEqual(
      sent.map((b) => JSON.parse(b)),
      [
        { kind: 'update', updater: spec('a') },
        { kind: 'update', updater: spec('b') },
      ],
    );
  });

  it('announces each operation that changed data to the notifier, and only those', async () => {
    feeds.set('/a.ndjson', { body: ndjson([vuln('CVE-1', 'openssl', '1')]) });
    const notified: string[] = [];
    const worker = createUpdateWorker({
      ...deps(),
      enqueueUpdate: async () => {},
      enqueueNotify: async (body) => void notified.push(body),
    });
    const job = sqsEvent([JSON.stringify({ kind: 'update', updater: spec('a') })]);
    assert.deepEqual(await worker(job, context()), { batchItemFailures: [] });
    assert.deepEqual(await worker(job, context()), { batchItemFailures: [] });
    const [ref] =
      (await getUpdateOperations(db, 'vulnerability', false))['ndjson/a']?.map((o) => o.ref) ?? [];
    assert.deepEqual(
      notified.map((b) => JSON.parse(b)),
      [{ kind: 'notify', updater: 'ndjson/a', operation: ref }],
    );
  });

  it('rejects a malformed update job by name', async () => {
    const worker = createUpdateWorker({
      ...deps(),
      enqueueUpdate: async () => {},
      enqueueNotify: async () => {},
    });
    const result = await worker(sqsEvent(['{"kind":"update","updater":{"set":"ndjson"}}']), context());
    // A malformed message can never succeed: it is dropped with an error log, not retried.
    assert.deepEqual(result, { batchItemFailures: [] });
    assert.match(JSON.stringify(captured.entries), /neither \{\\"kind\\":\\"dispatch\\"\}/);
  });
});
