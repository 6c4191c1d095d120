import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { createGzip, createZstdCompress, gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import { exportBundle } from '../../../lib/updater/export-bundle.ts';
import { importBundle } from '../../../lib/updater/import-bundle.ts';
import { runUpdater, type UpdateDeps } from '../../../lib/updater/run-updater.ts';
import { getUpdateDiff } from '../../../lib/updater/store/update-diff.ts';
import { getUpdateOperations } from '../../../lib/updater/store/update-operations.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { ndjson, ndjsonUpdaterSet, vuln } from '../../helpers/ndjson-updater.ts';

const signal = new AbortController().signal;

/** Each updater's operations as updater → fingerprints, and every vulnerability as wire JSON. */
async function contents(db: pg.Pool) {
  const ops = await getUpdateOperations(db, 'vulnerability', false);
  const vulns: string[] = [];
  for (const list of Object.values(ops)) {
    for (const op of list) {
      const { added } = await getUpdateDiff(db, op.ref, undefined);
      for (const v of added ?? []) vulns.push(JSON.stringify({ ...v, id: '' }));
    }
  }
  const count = await db.query<{ n: string }>('SELECT count(*) AS n FROM matcher.vuln');
  return {
    operations: Object.fromEntries(Object.entries(ops).map(([u, l]) => [u, l.map((o) => o.fingerprint)])),
    vulns: vulns.sort(),
    count: Number(count.rows[0]?.n),
  };
}

describe('airgap bundles', () => {
  const { log } = captureLog();
  let feeds: FeedServer;
  let dir: string;
  let source: OpenTestDatabase;
  const deps = (db: pg.Pool, names: string[]): UpdateDeps => ({
    db,
    factories: new Map([['ndjson', ndjsonUpdaterSet]]),
    updaters: { sets: ['ndjson'], config: { ndjson: { url: feeds.url, feeds: names } } },
    retention: 10,
    log,
  });

  before(async () => {
    feeds = await startFeedServer();
    dir = await mkdtemp(join(tmpdir(), 'clairless-airgap-'));
    source = await openTestDatabase(log);
    feeds.set('/a.ndjson', {
      body: ndjson([
        vuln('CVE-1', 'openssl', '3.0.1'),
        vuln('CVE-2', 'zlib', ''),
        vuln('CVE-3', 'curl', '0'),
      ]),
    });
    feeds.set('/b.ndjson', { body: ndjson([vuln('CVE-9', 'bash', '5.2')]) });
    const body = ndjson([vuln('CVE-4', 'xz', '1'), vuln('CVE-5', 'xz', '2')]);
    feeds.set('/cut.ndjson', { body: body.slice(0, -20) });
    feeds.set('/down.ndjson', { body: 'maintenance', status: 503 });
  });
  after(async () => {
    await feeds.close();
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  const exportTo = async (file: string, compress: ReturnType<typeof createGzip>) => {
    const done = pipeline(compress, createWriteStream(file));
    const result = await exportBundle(compress, deps(source.db, ['a', 'cut', 'b', 'down']), signal, log);
    compress.end();
    await done;
    return result;
  };

  it('exports what the updaters give, leaving out whole every updater that fails', async () => {
    const result = await exportTo(join(dir, 'bundle.gz'), createGzip());
    assert.deepEqual(result, { exported: ['ndjson/a', 'ndjson/b'], failed: ['ndjson/cut', 'ndjson/down'] });
    const lines = gunzipSync(await readFile(join(dir, 'bundle.gz')))
      .toString()
      .trim()
      .split('\n');
    assert.equal(lines.length, 4);
    const first = JSON.parse(lines[0] as string);
    assert.deepEqual(Object.keys(first), ['Updater', 'Fingerprint', 'Date', 'Kind', 'Ref', 'Vuln']);
    assert.equal(first.Kind, 'vulnerability');
    assert.equal(first.Vuln.name, 'CVE-1');
    assert.equal(first.Vuln.package.name, 'openssl');
    assert.equal(first.Vuln.distribution.version_code_name, 'bookworm');
    assert.ok(!lines.some((l) => l.includes('CVE-4')), 'nothing of the cut-off feed is in the bundle');
  });

  it('imports into a fresh database the same operations and vulnerabilities the updaters store', async () => {
    for (const name of ['a', 'b']) {
      await runUpdater(
        { set: 'ndjson', name: `ndjson/${name}`, params: { feed: name } },
        deps(source.db, [name]),
        signal,
        't',
      );
    }
    const target = await openTestDatabase(log);
    try {
      const result = await importBundle(
        Readable.from(await readFile(join(dir, 'bundle.gz'))),
        target.db,
        log,
        'bundle.gz',
      );
      assert.deepEqual(result, { imported: ['ndjson/a', 'ndjson/b'], skipped: [] });
      const want = await contents(source.db);
      const got = await contents(target.db);
      assert.deepEqual(got, want);
      assert.equal(got.count, 4);

      const again = await importBundle(
        Readable.from(await readFile(join(dir, 'bundle.gz'))),
        target.db,
        log,
        'bundle.gz',
      );
      assert.deepEqual(again, { imported: [], skipped: ['ndjson/a', 'ndjson/b'] });
      assert.deepEqual(await contents(target.db), want);
    } finally {
      await target.close();
    }
  });

  it('reads zstd and plain bundles too, enrichment records included', async () => {
    await exportTo(join(dir, 'bundle.zst'), createZstdCompress() as unknown as ReturnType<typeof createGzip>);
    const plain = gunzipSync(await readFile(join(dir, 'bundle.gz'))).toString();
    const enrichment = JSON.stringify({
      Updater: 'clair.cvss',
      Fingerprint: '{}',
      Date: '2024-05-01T06:00:12Z',
      Kind: 'enrichment',
      Ref: '1b4d0db2-e757-4150-bbbb-543658144205',
      Enrichment: { Tags: ['CVE-1'], Enrichment: { baseScore: 5.3 } },
    });
    await writeFile(join(dir, 'bundle.ndjson'), `${plain}${enrichment}\n`);
    for (const file of ['bundle.zst', 'bundle.ndjson']) {
      const target = await openTestDatabase(log);
      try {
        const result = await importBundle(
          Readable.from(await readFile(join(dir, file))),
          target.db,
          log,
          file,
        );
        const enriched = file === 'bundle.ndjson' ? ['clair.cvss'] : [];
        assert.deepEqual(result.imported, ['ndjson/a', 'ndjson/b', ...enriched], file);
        assert.equal((await contents(target.db)).count, 4, file);
        const { rows } = await target.db.query('SELECT tags, data FROM matcher.enrichment');
        assert.deepEqual(
          rows,
          file === 'bundle.ndjson' ? [{ tags: ['CVE-1'], data: { baseScore: 5.3 } }] : [],
          file,
        );
      } finally {
        await target.close();
      }
    }
  });

  it('stops at a broken line, naming it, and keeps only the operations wholly before it', async () => {
    const lines = gunzipSync(await readFile(join(dir, 'bundle.gz')))
      .toString()
      .trim()
      .split('\n');
    // The broken line may belong to b's operation, so b is rolled back; a ended before it.
    lines.push((lines[3] as string).slice(0, 30));
    const target = await openTestDatabase(log);
    try {
      await assert.rejects(
        importBundle(Readable.from(gzipSync(lines.join('\n'))), target.db, log, 'broken.gz'),
        /bundle broken\.gz line 5: not JSON/,
      );
      const got = await contents(target.db);
      assert.deepEqual(Object.keys(got.operations), ['ndjson/a']);
      assert.equal(got.count, 3);
    } finally {
      await target.close();
    }
  });
});
