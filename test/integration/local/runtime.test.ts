import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { SignJWT } from 'jose';
import pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import { ConfigError } from '../../../lib/errors.ts';
import { assertPortFree } from '../../../lib/local/ports.ts';
import { startLocalRuntime } from '../../../lib/local/runtime.ts';
import { localSqsClient } from '../../../lib/local/sqs.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import { localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';

const configOf = (yaml: string, env: Record<string, string> = {}) =>
  parseConfig(yaml, 'local-test.yaml', env).config;

describe('local runtime', () => {
  it('serves the API, health checks and queues', async () => {
    const setup = await localSetup();
    const { log } = captureLog();
    const runtime = await startLocalRuntime(configOf(setup.yaml), log);
    try {
      const api = runtime.apiUrl;
      assert.equal(api, `http://127.0.0.1:${setup.httpPort}`);
      assert.equal((await fetch(`${api}/healthz`)).status, 200);
      assert.equal(await (await fetch(`${api}/readyz`)).text(), 'ready\n');

      const noData = await fetch(`${api}/matcher/api/v1/vulnerability_report/sha256:${'a'.repeat(64)}`);
      assert.equal(noData.status, 202);
      const unknownSet = await fetch(
        `${api}/notifier/api/v1/notification/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
      );
      assert.equal(unknownSet.status, 404);
      assert.equal(((await unknownSet.json()) as { code: string }).code, 'not-found');
      const bad = await fetch(`${api}/indexer/api/v1/index_report`, { method: 'POST', body: '{"hash":' });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { code: string }).code, 'bad-request');
      const notification = await fetch(`${api}/notifier/api/v1/notification/x`, { method: 'PATCH' });
      assert.equal(notification.status, 405);
      const unknown = await fetch(`${api}/elsewhere`);
      assert.deepEqual(await unknown.json(), { code: 'not-found', message: 'no resource at /elsewhere' });
      assert.equal(
        (await fetch(`${api}/openapi/v1`)).headers.get('content-type'),
        'application/openapi+json',
      );

      const sqs = localSqsClient(runtime.sqsEndpoint);
      const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
      const names = QueueUrls.map((u) => u.split('/').pop()).sort();
      assert.deepEqual(names, [...runtime.queueNames, ...runtime.queueNames.map((n) => `${n}-dlq`)].sort());
      sqs.destroy();
    } finally {
      await runtime.stop();
    }
    await assertPortFree('127.0.0.1', setup.httpPort, 'http');
    await assertPortFree('127.0.0.1', setup.postgresPort, 'postgres');
    await assertPortFree('', setup.sqsPort, 'sqs');
  });

  it('keeps data across a restart and does not migrate twice', async () => {
    const setup = await localSetup();
    const { log, entries } = captureLog();
    const first = await startLocalRuntime(configOf(setup.yaml), log);
    const url = `postgresql://postgres:clairless@127.0.0.1:${setup.postgresPort}/clairless`;
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('CREATE TABLE public.kept (note text)');
      await client.query("INSERT INTO public.kept VALUES ('written before the restart')");
      await client.end();
    } finally {
      await first.stop();
    }
    const second = await startLocalRuntime(configOf(setup.yaml), log);
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ note: string }>('SELECT note FROM public.kept');
      await client.end();
      assert.deepEqual(rows, [{ note: 'written before the restart' }]);
      const migrations = entries.filter((e) => e.msg === 'migrate done');
      assert.equal(migrations.length, 2);
      assert.ok(Array.isArray(migrations[0]?.applied) && migrations[0].applied.length > 0);
      assert.deepEqual(migrations[1]?.applied, []);
    } finally {
      await second.stop();
    }
  });

  it('uses a configured database instead of starting its own', async () => {
    const db = await createTestDatabase();
    const setup = await localSetup();
    const runtime = await startLocalRuntime(configOf(setup.yaml, { DATABASE_URL: db.url }), captureLog().log);
    try {
      assert.equal(runtime.postgresDataDir, undefined);
      assert.equal((await fetch(`${runtime.apiUrl}/readyz`)).status, 200);
      await assertPortFree('127.0.0.1', setup.postgresPort, 'postgres');
    } finally {
      await runtime.stop();
      await db.drop();
    }
  });

  it('requires a token on every route but robots.txt when auth.psk is set', async () => {
    const key = Buffer.from('a local pre-shared key');
    const setup = await localSetup(
      `auth:\n  psk:\n    key: ${key.toString('base64')}\n    iss: [clairctl]\n`,
    );
    const runtime = await startLocalRuntime(configOf(setup.yaml), captureLog().log);
    try {
      const path = `${runtime.apiUrl}/indexer/api/v1/index_state`;
      const refused = await fetch(path);
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
      assert.equal(((await refused.json()) as { code: string }).code, 'unauthorized');
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('clairctl')
        .setExpirationTime('1m')
        .sign(key);
      const allowed = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(allowed.status, 200);
      assert.equal((await fetch(`${runtime.apiUrl}/robots.txt`)).status, 200);
    } finally {
      await runtime.stop();
    }
  });

  it('rejects a busy HTTP port by name and stops what it had started', async () => {
    const setup = await localSetup();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(setup.httpPort, '127.0.0.1', resolve));
    try {
      await assert.rejects(startLocalRuntime(configOf(setup.yaml), captureLog().log), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(
          err.message,
          new RegExp(`http_listen_addr: port ${setup.httpPort} on 127.0.0.1 is already in use`),
        );
        return true;
      });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    await assertPortFree('127.0.0.1', setup.postgresPort, 'postgres');
    await assertPortFree('', setup.sqsPort, 'sqs');
  });

  it('creates a data dir that does not exist yet, as on a fresh clone', async () => {
    const setup = await localSetup();
    const fresh = join(setup.dataDir, 'not', 'there', 'yet');
    const yaml = setup.yaml.replace(/data_dir: .*/, `data_dir: ${JSON.stringify(fresh)}`);
    const runtime = await startLocalRuntime(configOf(yaml), captureLog().log);
    try {
      assert.equal(runtime.postgresDataDir, join(fresh, 'postgres'));
      assert.equal((await fetch(`${runtime.apiUrl}/readyz`)).status, 200);
    } finally {
      await runtime.stop();
    }
  });

  it('rejects a data dir it cannot create', async () => {
    const setup = await localSetup();
    const file = join(setup.dataDir, 'a-file');
    await writeFile(file, 'not a folder');
    const yaml = setup.yaml.replace(/data_dir: .*/, `data_dir: ${JSON.stringify(join(file, 'data'))}`);
    await assert.rejects(startLocalRuntime(configOf(yaml), captureLog().log), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /local\.data_dir ".*a-file\/data" is not writable/);
      return true;
    });
  });
});
