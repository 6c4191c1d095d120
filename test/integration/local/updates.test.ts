import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../lib/config/load.ts';
import { startLocalRuntime } from '../../../lib/local/runtime.ts';
import { startFeedServer } from '../../helpers/feed-server.ts';
import { eventually, localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';
import { secdbJson } from '../../unit/ecosystems/alpine/secdb-yaml.ts';

type Operations = Record<string, { ref: string; updater: string }[]>;

const alpineUpdaters = (url: string) =>
  `updaters: {sets: [alpine], config: {alpine: {url: "${url}/", releases: [v3.6]}}}`;

describe('local runtime updates', () => {
  it('runs the configured updaters at start-up through the update-jobs queue', async () => {
    const feeds = await startFeedServer();
    feeds.set('/v3.6/main.json', { body: secdbJson('v3.6/main.yaml') });
    const setup = await localSetup('', alpineUpdaters(feeds.url));
    const { log, entries } = captureLog();
    const runtime = await startLocalRuntime(parseConfig(setup.yaml, 'local.yaml', {}).config, log);
    try {
      const operations = await eventually('the alpine main operation', async () => {
        const res = await fetch(`${runtime.apiUrl}/matcher/api/v1/internal/update_operation`);
        const body = (await res.json()) as Operations;
        return body['alpine-main-v3.6-updater'] === undefined ? undefined : body;
      });
      assert.equal(operations['alpine-main-v3.6-updater']?.length, 1);
      // v3.6 community is not served: that updater fails on its own and the other is stored.
      assert.equal(operations['alpine-community-v3.6-updater'], undefined);
      await eventually('the community failure in the log', async () =>
        entries.find(
          (e) => JSON.stringify(e).includes('alpine-community-v3.6-updater') && e.level === 'error',
        ),
      );
      assert.ok(feeds.requests.includes('GET /v3.6/main.json'));
      // The operation shows as soon as it commits; the log line follows the garbage collection.
      const done = await eventually('the update done log line', async () =>
        entries.find((e) => e.msg === 'update done'),
      );
      assert.ok((done?.inserted as number) > 800, JSON.stringify(done));

      const diff = await fetch(
        `${runtime.apiUrl}/matcher/api/v1/internal/update_diff?cur=${operations['alpine-main-v3.6-updater']?.[0]?.ref}`,
      );
      const body = (await diff.json()) as { added: { name: string; package: { name: string } }[] };
      assert.ok(body.added.some((v) => v.name === 'CVE-2017-8903 XSA-213'));
    } finally {
      await runtime.stop();
      await feeds.close();
    }
  });

  it('never touches the network with matcher.disable_updaters', async () => {
    const feeds = await startFeedServer();
    feeds.set('/v3.6/main.json', { body: secdbJson('v3.6/main.yaml') });
    const setup = await localSetup('matcher: {disable_updaters: true}', alpineUpdaters(feeds.url));
    const { log, entries } = captureLog();
    const runtime = await startLocalRuntime(parseConfig(setup.yaml, 'local.yaml', {}).config, log);
    try {
      const res = await fetch(`${runtime.apiUrl}/matcher/api/v1/internal/update_operation`);
      assert.deepEqual(await res.json(), {});
    } finally {
      await runtime.stop();
      await feeds.close();
    }
    assert.deepEqual(feeds.requests, []);
    assert.ok(!entries.some((e) => e.schedule === 'updaters'), 'no update schedule was started');
  });
});
