// Acceptance, as a user meets it, over the local runtime: an Alpine image indexed, then secdb
// feed versions that add and drop a CVE for one of its packages. Notifications reach the
// clairless-notifications queue, or a webhook, and are read back over the API.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import { startLocalRuntime } from '../../../lib/local/runtime.ts';
import { localSqsClient } from '../../../lib/local/sqs.ts';
import type { Notification } from '../../../lib/notifier/types.ts';
import { DISPATCH_JOB } from '../../../lib/updater/job.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { indexImage } from '../../helpers/index-image.ts';
import { startLayerServer } from '../../helpers/layer-server.ts';
import { ALPINE_3_10_OS_RELEASE, layerFromTree } from '../../helpers/layers.ts';
import { eventually, localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';
import { secdbJson } from '../../unit/ecosystems/alpine/secdb-yaml.ts';

type Secdb = { packages: { pkg: { name: string; secfixes: Record<string, string[]> } }[] };
const MAIN = JSON.parse(secdbJson('v3.10/main.yaml')) as Secdb;

/** The real v3.10 main secdb, with CVE-2099-0001 fixed in ansible 2.8.5-r0 when `withCve`. */
function feed(withCve: boolean): string {
  if (!withCve) return JSON.stringify(MAIN);
  return JSON.stringify({
    ...MAIN,
    packages: MAIN.packages.map((p) =>
      p.pkg.name === 'ansible'
        ? { pkg: { ...p.pkg, secfixes: { ...p.pkg.secfixes, '2.8.5-r0': ['CVE-2099-0001'] } } }
        : p,
    ),
  });
}

type Page = { page: { size: number; next?: string }; notifications: Notification[] };

/** A local runtime with the Alpine updater on a loopback secdb, and an indexed Alpine image. */
async function notifierStack(notifierYaml: string) {
  const feeds = await startFeedServer();
  feeds.set('/v3.10/main.json', { body: feed(false) });
  feeds.set('/v3.10/community.json', { body: '{"packages": []}' });
  // ansible 2.8.4-r0: every fix of the real feed is at or below it.
  const layer = await layerFromTree({
    'etc/os-release': ALPINE_3_10_OS_RELEASE,
    'lib/apk/db/installed':
      'P:ansible\nV:2.8.4-r0\nA:x86_64\no:ansible\n\nP:musl\nV:1.1.22-r3\nA:x86_64\no:musl\n',
  });
  const layers = await startLayerServer([layer]);
  const setup = await localSetup(
    `indexer: {allow_private_networks: true, request_wait: 60s}\nnotifier: ${notifierYaml}`,
    `updaters: {sets: [alpine], config: {alpine: {url: "${feeds.url}/", releases: [v3.10]}}}`,
  );
  const { log, entries } = captureLog();
  const runtime = await startLocalRuntime(parseConfig(setup.yaml, 'local.yaml', {}).config, log);
  const sqs = localSqsClient(runtime.sqsEndpoint);
  const queueUrl = async (name: string) =>
    (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl as string;
  const db = new pg.Pool({ connectionString: runtime.databaseUrl, max: 1 });
  // The runtime's PostgreSQL stops with the runtime; an idle connection left then is no failure.
  db.on('error', () => {});
  const operations = async () => {
    const res = await fetch(`${runtime.apiUrl}/matcher/api/v1/internal/update_operation`);
    return ((await res.json()) as Record<string, unknown[]>)['alpine-main-v3.10-updater']?.length ?? 0;
  };
  const sets = async () =>
    (
      await db.query(
        `SELECT id, status, notifications, attempts FROM notifier.notification_set
         WHERE updater = 'alpine-main-v3.10-updater' ORDER BY created_at`,
      )
    ).rows;
  const close = async () => {
    await db.end();
    await runtime.stop();
    await layers.close();
    await feeds.close();
  };
  try {
    await eventually('the first update operation and its (empty) set', async () =>
      (await operations()) === 1 && (await sets()).length === 1 ? true : undefined,
    );
  } catch (err) {
    await close();
    throw err;
  }
  const manifest = await indexImage(runtime.apiUrl, layers, layer);
  /** Serves the feed version and runs the updaters, as the schedule would. */
  const update = async (withCve: boolean, wantOperations: number) => {
    feeds.set('/v3.10/main.json', { body: feed(withCve) });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: await queueUrl('clairless-update-jobs'),
        MessageBody: JSON.stringify(DISPATCH_JOB),
      }),
    );
    await eventually(`update operation ${wantOperations}`, async () =>
      (await operations()) === wantOperations ? true : undefined,
    );
  };
  const page = async (id: string): Promise<Page> =>
    (await (await fetch(`${runtime.apiUrl}/notifier/api/v1/notification/${id}`)).json()) as Page;
  return {
    runtime,
    sqs,
    queueUrl,
    sets,
    update,
    page,
    manifest,
    entries,
    close,
    feeds: feeds as FeedServer,
  };
}

describe('notifications through the notifications queue', () => {
  let stack: Awaited<ReturnType<typeof notifierStack>>;
  before(async () => {
    stack = await notifierStack('{}');
  });
  after(() => stack?.close());

  const nextMessage = async () => {
    const url = await stack.queueUrl('clairless-notifications');
    return eventually('a message on clairless-notifications', async () => {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }),
      );
      const message = Messages[0];
      if (message === undefined) return undefined;
      await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
      return JSON.parse(message.Body as string) as { callback: string; notification_id: string };
    });
  };

  it('announces a CVE added for an indexed package once, and its removal', async () => {
    // The first operation of an updater notifies nothing: it would flag every image.
    assert.equal((await stack.sets())[0]?.notifications, 0);

    await stack.update(true, 2);
    const added = await nextMessage();
    assert.match(added.callback, new RegExp(`/notifier/api/v1/notification/${added.notification_id}$`));
    const addedPage = await stack.page(added.notification_id);
    assert.deepEqual(
      addedPage.notifications.map((n) => [
        n.manifest,
        n.reason,
        n.vulnerability.name,
        n.vulnerability.fixed_in_version,
      ]),
      [[stack.manifest, 'added', 'CVE-2099-0001', '2.8.5-r0']],
    );
    assert.equal(addedPage.page.size, 500);
    assert.equal(addedPage.page.next, undefined);

    await stack.update(false, 3);
    const removed = await nextMessage();
    assert.notEqual(removed.notification_id, added.notification_id);
    const removedPage = await stack.page(removed.notification_id);
    assert.deepEqual(
      removedPage.notifications.map((n) => [n.manifest, n.reason, n.vulnerability.name]),
      [[stack.manifest, 'removed', 'CVE-2099-0001']],
    );
    const statuses = (await stack.sets()).map((s) => [s.status, s.notifications]);
    assert.deepEqual(statuses, [
      ['delivered', 0],
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });

  it('deletes a set idempotently, and answers 404 for one that never existed', async () => {
    const [, set] = await stack.sets();
    const del = (id: string) =>
      fetch(`${stack.runtime.apiUrl}/notifier/api/v1/notification/${id}`, { method: 'DELETE' });
    assert.equal((await del(set.id)).status, 200);
    assert.equal((await del(set.id)).status, 200);
    assert.equal((await stack.sets())[1]?.status, 'deleted');
    assert.equal((await del('6ba7b810-9dad-11d1-80b4-00c04fd430c8')).status, 404);
    assert.equal((await del('not-a-uuid')).status, 400);
  });
});

/** A webhook receiver answering the given statuses in turn, then the last one for ever. */
async function receiver(
  statuses: readonly number[],
): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.writeHead(statuses[Math.min(bodies.length, statuses.length) - 1] ?? 500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/hook`,
    bodies,
    server,
  };
}

describe('notifications through a webhook', () => {
  for (const [title, statuses, status, calls] of [
    ['delivers once through a receiver that fails twice first', [500, 500, 200], 'delivered', 3],
    ['marks the set failed after the configured attempts, keeping it readable', [500], 'failed', 3],
  ] as const) {
    it(title, async () => {
      const hook = await receiver(statuses);
      const stack = await notifierStack(
        `{delivery_attempts: 3, delivery_backoff: 10ms, webhook: {target: "${hook.url}", callback: "http://clair.example/notifier/api/v1/notification"}}`,
      );
      try {
        await stack.update(true, 2);
        const set = await eventually('the set of the second operation, after delivery', async () => {
          const s = (await stack.sets())[1];
          return s !== undefined && s.status !== 'created' ? s : undefined;
        });
        assert.equal(set.status, status);
        // A set still refused fails its job, which SQS retries and finally dead-letters.
        const jobFailures = () =>
          stack.entries.filter((e) => e.worker === 'notify-worker' && e.msg === 'job fail');
        if (status === 'failed') {
          const failure = await eventually('the notify job failing', async () => jobFailures()[0]);
          assert.match(JSON.stringify(failure), new RegExp(`notification set ${set.id}: not delivered`));
        } else assert.deepEqual(jobFailures(), []);
        assert.equal(hook.bodies.length, calls);
        assert.deepEqual(hook.bodies[0], {
          callback: `http://clair.example/notifier/api/v1/notification/${set.id}`,
          notification_id: set.id,
        });
        const page = await stack.page(set.id);
        assert.deepEqual(
          page.notifications.map((n) => n.reason),
          ['added'],
        );
      } finally {
        await stack.close();
        hook.server.close();
      }
    });
  }
});
