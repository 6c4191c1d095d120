import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { runClairless } from '../../helpers/clairless-cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { secdbJson } from '../../unit/ecosystems/alpine/secdb-yaml.ts';

const clairless = (args: readonly string[], env: Record<string, string>) =>
  runClairless(args, { ...process.env, ...env });

describe('clairless admin, export-updaters and import-updaters', () => {
  let feeds: FeedServer;
  let dir: string;
  let source: TestDatabase;
  let target: TestDatabase;
  let config: string;
  const operations = async (url: string): Promise<string[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ updater: string }>(
      'SELECT updater FROM matcher.update_operation ORDER BY id',
    );
    await client.end();
    return rows.map((r) => r.updater);
  };

  before(async () => {
    feeds = await startFeedServer();
    feeds.set('/v3.6/main.json', { body: secdbJson('v3.6/main.yaml') });
    dir = await mkdtemp(join(tmpdir(), 'clairless-cli-updaters-'));
    source = await createTestDatabase();
    target = await createTestDatabase();
    config = join(dir, 'config.yaml');
    await writeFile(
      config,
      `log_level: warn\nupdaters:\n  sets: [alpine]\n  config:\n    alpine: {url: "${feeds.url}/", releases: [v3.6]}\n`,
    );
  });
  after(async () => {
    await feeds.close();
    await source.drop();
    await target.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('admin update runs every updater, reports each, and exits 1 when one failed', async () => {
    const run = await clairless(['admin', 'update', '--config', config], { DATABASE_URL: source.url });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^alpine-main-v3\.6-updater: updated \([0-9a-f-]{36}\)$/m);
    assert.match(run.stdout, /^alpine-community-v3\.6-updater: failed: .*community\.json answered 404$/m);
    assert.deepEqual(await operations(source.url), ['alpine-main-v3.6-updater']);
  });

  it('admin update --updater runs one, and the unchanged feed records nothing', async () => {
    const run = await clairless(
      ['admin', 'update', '--updater', 'alpine-main-v3.6-updater', '--config', config],
      {
        DATABASE_URL: source.url,
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'alpine-main-v3.6-updater: unchanged\n');
    assert.deepEqual(await operations(source.url), ['alpine-main-v3.6-updater']);
    const unknown = await clairless(['admin', 'update', '--updater', 'nope', '--config', config], {
      DATABASE_URL: source.url,
    });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no configured updater is named "nope"/);
  });

  it('admin gc reports what it deleted', async () => {
    const run = await clairless(['admin', 'gc', '--config', config], { DATABASE_URL: source.url });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'alpine-main-v3.6-updater: 0 operations and 0 vulnerabilities deleted\n');
  });

  it('export-updaters writes a gzip bundle; --strict exits 1 when an updater failed', async () => {
    const file = join(dir, 'bundle.gz');
    const strict = await clairless(['export-updaters', '--strict', file, '--config', config], {});
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /failed: alpine-community-v3\.6-updater/);
    const run = await clairless(['export-updaters', file, '--config', config], {});
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /wrote .*bundle\.gz: 1 updaters/);
    const lines = gunzipSync(await readFile(file))
      .toString()
      .trim()
      .split('\n');
    assert.ok(lines.length > 800);
    assert.ok(lines.every((l) => JSON.parse(l).Updater === 'alpine-main-v3.6-updater'));
  });

  it('import-updaters loads a bundle from a file or a URL, skipping operations already there', async () => {
    const file = join(dir, 'bundle.gz');
    const first = await clairless(['import-updaters', file, '--config', config], {
      DATABASE_URL: target.url,
    });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, 'imported 1 operations, skipped 0 already present\n');
    feeds.set('/bundle.gz', { body: await readFile(file) });
    const again = await clairless(['import-updaters', `${feeds.url}/bundle.gz`, '--config', config], {
      DATABASE_URL: target.url,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'imported 0 operations, skipped 1 already present\n');
    assert.deepEqual(await operations(target.url), ['alpine-main-v3.6-updater']);

    const count = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM matcher.vuln');
      await client.end();
      return Number(rows[0]?.n);
    };
    assert.equal(await count(target.url), await count(source.url));

    const missing = await clairless(['import-updaters', `${feeds.url}/missing.gz`, '--config', config], {
      DATABASE_URL: target.url,
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /missing\.gz answered 404/);
  });
});
