// The osv and ubuntu sets through the real engine into PostgreSQL, from zips served on loopback.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { updaterSets } from '../../../lib/ecosystems/index.ts';
import { contentHash } from '../../../lib/updater/content-hash.ts';
import { runUpdater, type UpdateDeps } from '../../../lib/updater/run-updater.ts';
import type { UpdaterSpec, Vulnerability } from '../../../lib/updater/types.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { advisoryEntries, TESTDATA, writeZip } from '../../unit/ecosystems/osv/zip-fixture.ts';

const UBUNTU = join(import.meta.dirname, '../../unit/ecosystems/ubuntu/testdata');
const signal = new AbortController().signal;

describe('osv and ubuntu updates into PostgreSQL', () => {
  const { log } = captureLog();
  let store: OpenTestDatabase;
  let db: pg.Pool;
  let feeds: FeedServer;
  let dir: string;
  const zips: Record<string, Buffer> = {};
  let deps: UpdateDeps;
  const spec = async (set: string): Promise<UpdaterSpec> => {
    const [first] = (await deps.factories.get(set)?.discover(deps.updaters.config[set] ?? {}, {
      signal,
      log,
      tmpDir: dir,
    })) ?? [undefined];
    assert.ok(first !== undefined);
    return first;
  };
  const stored = async (updater: string) => {
    const { rows } = await db.query<{ ops: string; vulns: string }>(
      `SELECT (SELECT count(*) FROM matcher.update_operation WHERE updater = $1) AS ops,
              (SELECT count(*) FROM matcher.vuln WHERE updater = $1) AS vulns`,
      [updater],
    );
    return { ops: Number(rows[0]?.ops), vulns: Number(rows[0]?.vulns) };
  };

  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
    feeds = await startFeedServer();
    dir = await mkdtemp(join(tmpdir(), 'clairless-osv-'));
    for (const [name, from] of [
      ['PyPI', join(TESTDATA, 'pypi')],
      ['Go', join(TESTDATA, 'go')],
      ['Ubuntu', join(UBUNTU, 'osv')],
    ] as const) {
      const file = join(dir, `${name}.zip`);
      await writeZip(file, await advisoryEntries(from));
      zips[name] = await readFile(file);
      feeds.set(`/${name}/all.zip`, { body: zips[name] });
    }
    deps = {
      db,
      factories: updaterSets(),
      updaters: {
        sets: ['osv', 'ubuntu'],
        config: {
          osv: { url: feeds.url, allowlist: ['PyPI', 'Go'] },
          ubuntu: { url: `${feeds.url}/Ubuntu/all.zip` },
        },
      },
      retention: 10,
      log,
    };
  });
  after(async () => {
    await feeds.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [set, updater] of [
    ['osv', 'osv/pypi'],
    ['ubuntu', 'ubuntu/updater'],
  ] as const) {
    it(`${updater}: stores each distinct record once, then nothing while the ETag holds`, async () => {
      const s = await spec(set);
      assert.equal(s.name, updater);
      assert.equal((await runUpdater(s, deps, signal, 't')).status, 'updated');
      // What the parse gives, by content hash: the rows the store must hold.
      const parsed: Vulnerability[] = [];
      const built = deps.factories.get(set)?.build(s, deps.updaters.config[set] ?? {});
      assert.ok(built?.kind !== 'enrichment' && built?.kind !== 'delta');
      const file = join(dir, `${set}-parse.zip`);
      await writeFile(file, zips[set === 'osv' ? 'PyPI' : 'Ubuntu'] as Buffer);
      for await (const v of built?.parse(file, { signal, log, tmpDir: dir }) ?? []) parsed.push(v);
      const distinct = new Set(parsed.map((v) => contentHash(updater, v).toString('hex'))).size;
      assert.ok(distinct > 0);
      assert.deepEqual(await stored(updater), { ops: 1, vulns: distinct });

      assert.equal((await runUpdater(s, deps, signal, 't')).status, 'unchanged');
      assert.deepEqual(await stored(updater), { ops: 1, vulns: distinct });
    });
  }

  it('fails a cut-off zip by name, keeping the previous operation; the other updaters go on', async () => {
    const pypi = await spec('osv');
    const before = await stored('osv/pypi');
    const zip = zips.PyPI as Buffer;
    feeds.set('/PyPI/all.zip', { body: zip.subarray(0, Math.floor(zip.length / 2)) });
    await assert.rejects(runUpdater(pypi, deps, signal, 't'), (err: Error) => {
      assert.match(err.message, /^updater osv\/pypi: /);
      assert.match(err.message, /zip/i);
      return true;
    });
    assert.deepEqual(await stored('osv/pypi'), before);
    const go = {
      ...pypi,
      name: 'osv/go',
      params: { ...pypi.params, url: `${feeds.url}/Go/all.zip`, ecosystem: 'Go' },
    };
    assert.equal((await runUpdater(go, deps, signal, 't')).status, 'updated');
    const { rows } = await db.query(
      `SELECT last_run_succeeded, last_error FROM matcher.updater_status WHERE updater = 'osv/pypi'`,
    );
    assert.equal(rows[0].last_run_succeeded, false);
  });
});
