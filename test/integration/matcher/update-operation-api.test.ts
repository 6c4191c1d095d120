import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import type { ApiHandler } from '../../../lib/http/stack.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { createMatcherApi } from '../../../lib/matcher/api.ts';
import { storeUpdate } from '../../../lib/updater/store/store-update.ts';
import type { Vulnerability } from '../../../lib/updater/types.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { apiEvent } from '../../helpers/events.ts';
import { captureLog } from '../../helpers/log.ts';
import { vuln } from '../../helpers/ndjson-updater.ts';

const BASE = '/matcher/api/v1/internal';
const NIL = '00000000-0000-0000-0000-000000000000';

async function* each(records: readonly Vulnerability[]): AsyncIterable<Vulnerability> {
  yield* records;
}

describe('matcher update operation API', () => {
  let store: OpenTestDatabase;
  let db: pg.Pool;
  let api: ApiHandler;
  const refs: Record<string, string> = {};
  const call = (path: string, query = '', init: { method?: string; headers?: Record<string, string> } = {}) =>
    api(apiEvent({ path: `${BASE}/${path}`, query, ...init }), lambdaContext('matcher-api', 30_000));
  const json = (body: string | undefined) => JSON.parse(body ?? 'null');

  before(async () => {
    const { log } = captureLog();
    store = await openTestDatabase(log);
    db = store.db;
    api = createMatcherApi({ config: parseConfig('', 'test.yaml', {}).config, log, db });
    refs.a1 = (
      await storeUpdate(db, 'alpha', '"e1"', each([vuln('CVE-1', 'a', '1'), vuln('CVE-2', 'b', '')]))
    ).ref;
    refs.b1 = (await storeUpdate(db, 'beta', '"x"', each([vuln('CVE-7', 'c', '1')]))).ref;
    refs.a2 = (
      await storeUpdate(db, 'alpha', '"e2"', each([vuln('CVE-1', 'a', '1'), vuln('CVE-3', 'd', '4')]))
    ).ref;
  });
  after(async () => {
    await store.close();
  });

  it('lists every operation per updater, newest first, with the newest ref as ETag', async () => {
    const res = await call('update_operation');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers?.etag, `"${refs.a2}"`);
    const body = json(res.body);
    assert.deepEqual(Object.keys(body).sort(), ['alpha', 'beta']);
    assert.deepEqual(
      body.alpha.map((o: { ref: string }) => o.ref),
      [refs.a2, refs.a1],
    );
    assert.deepEqual(Object.keys(body.alpha[0]).sort(), ['date', 'fingerprint', 'kind', 'ref', 'updater']);
    assert.equal(body.alpha[0].fingerprint, '"e2"');
  });

  it('lists only the newest per updater with latest=true, and answers 304 to the current ETag', async () => {
    const res = await call('update_operation', 'kind=vulnerability&latest=true');
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(json(res.body)).map(([k, v]) => [k, (v as { ref: string }[]).map((o) => o.ref)]),
      ),
      { alpha: [refs.a2], beta: [refs.b1] },
    );
    const cached = await call('update_operation', 'latest=true', {
      headers: { 'if-none-match': `"${refs.a2}"` },
    });
    assert.equal(cached.statusCode, 304);
    const stale = await call('update_operation', 'latest=true', {
      headers: { 'if-none-match': `"${refs.a1}"` },
    });
    assert.equal(stale.statusCode, 200);
  });

  it('has no enrichment operations and no ETag for them', async () => {
    const res = await call('update_operation', 'kind=enrichment');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(json(res.body), {});
    assert.equal(res.headers?.etag, undefined);
  });

  it('rejects an unknown kind and a non-boolean latest by name', async () => {
    const kind = await call('update_operation', 'kind=vulns');
    assert.equal(kind.statusCode, 400);
    assert.match(kind.body ?? '', /unknown kind: \\"vulns\\"/);
    const latest = await call('update_operation', 'latest=maybe');
    assert.equal(latest.statusCode, 400);
    assert.match(latest.body ?? '', /latest/);
  });

  it('diffs two operations, and everything of cur without prev', async () => {
    const res = await call('update_diff', `cur=${refs.a2}&prev=${refs.a1}`);
    assert.equal(res.statusCode, 200);
    const diff = json(res.body);
    assert.equal(diff.cur.ref, refs.a2);
    assert.equal(diff.prev.ref, refs.a1);
    assert.deepEqual(
      diff.added.map((v: { name: string }) => v.name),
      ['CVE-3'],
    );
    assert.deepEqual(
      diff.removed.map((v: { name: string }) => v.name),
      ['CVE-2'],
    );
    assert.equal(diff.added[0].package.name, 'd');
    assert.equal(diff.added[0].normalized_severity, 'High');

    const whole = json((await call('update_diff', `cur=${refs.a1}`)).body);
    assert.equal(whole.prev.ref, NIL);
    assert.equal(whole.removed, null);
    assert.deepEqual(whole.added.map((v: { name: string }) => v.name).sort(), ['CVE-1', 'CVE-2']);
  });

  it('answers 400 for a missing or malformed ref and 404 for an unknown operation', async () => {
    assert.equal((await call('update_diff')).statusCode, 400);
    const bad = await call('update_diff', `cur=${refs.a2}&prev=nope`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body ?? '', /prev \\"nope\\" is not a UUID/);
    const unknown = await call('update_diff', 'cur=11111111-2222-3333-4444-555555555555');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body ?? '', /11111111-2222-3333-4444-555555555555 not found/);
  });

  it('deletes an operation, so the previous one is the latest again', async () => {
    const res = await call(`update_operation/${refs.a2}`, '', { method: 'DELETE' });
    assert.equal(res.statusCode, 200);
    const latest = json((await call('update_operation', 'latest=true')).body);
    assert.equal(latest.alpha[0].ref, refs.a1);
    assert.equal((await call(`update_operation/${refs.a2}`, '', { method: 'DELETE' })).statusCode, 200);
    assert.equal((await call('update_operation/not-a-uuid', '', { method: 'DELETE' })).statusCode, 400);
  });
});
