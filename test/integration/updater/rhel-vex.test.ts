// The rhel-vex updater through the real update engine into a real PostgreSQL: claircore's
// recorded server (server.txtar and its archive) for the first load, then a feed site built from
// real VEX documents for delta runs, deletions, unchanged runs and broken input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gunzipSync, zstdCompressSync } from 'node:zlib';
import { rhelVexUpdaterSet } from '../../../lib/ecosystems/rhel/vex/updater.ts';
import { InvalidInputError, UpstreamError } from '../../../lib/errors.ts';
import { candidateVulnerabilities } from '../../../lib/matcher/store/candidates.ts';
import { getUpdateDiff } from '../../../lib/updater/store/update-diff.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { layerFromTree } from '../../helpers/layers.ts';
import { readTxtar } from '../../helpers/txtar.ts';
import { updaterEngine } from '../../helpers/updater-context.ts';

const TESTDATA = join(import.meta.dirname, '..', '..', 'unit', 'ecosystems', 'rhel', 'testdata', 'vex');
const read = (file: string): string => readFileSync(join(TESTDATA, file), 'utf8');
const FUTURE = '2099-01-01T00:00:00+00:00';
const LAST_MODIFIED = 'Mon, 11 Dec 2023 00:00:00 GMT';

/** A tar.zst of the documents by path, made by GNU tar as Red Hat's archive is. */
async function archive(documents: Readonly<Record<string, string>>): Promise<Buffer> {
  return zstdCompressSync(gunzipSync((await layerFromTree(documents)).bytes));
}

/** The document with its fixed products gone: only its known_not_affected assertions are left. */
function withoutFixed(text: string): string {
  const doc = JSON.parse(text) as { vulnerabilities: { product_status: Record<string, string[]> }[] };
  for (const v of doc.vulnerabilities) v.product_status.fixed = [];
  return JSON.stringify(doc, null, 2);
}

describe('rhel-vex updater', () => {
  let feeds: FeedServer;
  let config: Record<string, unknown> = {};
  const engine = updaterEngine(rhelVexUpdaterSet, 'rhel-vex', () => config);

  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds.close());
  beforeEach(() => {
    config = { url: `${feeds.url}/vex/` };
    feeds.requests.length = 0;
  });

  /** Per name linked to the updater's latest operation: records, and how many are inverted. */
  const latestNames = async (): Promise<Record<string, [number, number]>> => {
    const [latest] = await engine.operations();
    const { rows } = await engine.db.query<{ name: string; n: string; inverted: string }>(
      `SELECT v.name, count(*) AS n, count(*) FILTER (WHERE v.invert) AS inverted
       FROM matcher.vuln v JOIN matcher.uo_vuln l ON l.vuln = v.id JOIN matcher.update_operation o ON o.id = l.uo
       WHERE o.ref = $1 GROUP BY v.name ORDER BY v.name`,
      [latest?.ref],
    );
    return Object.fromEntries(rows.map((r) => [r.name, [Number(r.n), Number(r.inverted)]]));
  };
  const rowIds = async (ref: string | undefined, name: string): Promise<string[]> =>
    (
      await engine.db.query<{ id: string }>(
        `SELECT v.id FROM matcher.vuln v JOIN matcher.uo_vuln l ON l.vuln = v.id
         JOIN matcher.update_operation o ON o.id = l.uo WHERE o.ref = $1 AND v.name = $2 ORDER BY v.id`,
        [ref, name],
      )
    ).rows.map((r) => r.id);

  describe('against claircore recorded server', () => {
    beforeEach(() => {
      const sections = readTxtar(join(TESTDATA, 'server.txtar'));
      for (const [header, body] of sections) {
        const [path = '', etag] = header.split(' etag:');
        feeds.set(`/vex${path}`, { body, etag: etag ?? null });
      }
      feeds.set('/vex/csaf_vex_2023-10-31.tar.zst', {
        body: readFileSync(join(TESTDATA, 'server', 'csaf_vex_2023-10-31.tar.zst')),
        lastModified: LAST_MODIFIED,
      });
    });

    it('loads the archive, the documents changed since it and the deletions, then nothing while the indexes hold', async () => {
      const first = await engine.run();
      assert.equal(first.status, 'updated');
      assert.deepEqual(feeds.requests, [
        'GET /vex/archive_latest.txt',
        'HEAD /vex/csaf_vex_2023-10-31.tar.zst',
        'GET /vex/changes.csv',
        'GET /vex/2023/cve-2023-0044.json',
        'GET /vex/2023/cve-2023-0118.json',
        'GET /vex/deletions.csv',
        'GET /vex/csaf_vex_2023-10-31.tar.zst',
      ]);
      // Two changed documents, one deletion, and the archive's five but the one changes.csv brought.
      assert.equal(engine.entries.find((e) => e.msg === 'vex fetch done')?.documents, 7);
      const [op] = await engine.operations();
      assert.match(op?.fingerprint ?? '', /^something\\somethingelse\\\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\\6$/);
      // The 2023 documents of the archive predate purls; CVE-2023-0118 (cut down) has them.
      assert.deepEqual(await latestNames(), { 'CVE-2023-0118': [20, 9] });

      feeds.requests.length = 0;
      assert.equal((await engine.run()).status, 'unchanged');
      assert.deepEqual(feeds.requests, ['GET /vex/changes.csv', 'GET /vex/deletions.csv']);
      assert.equal((await engine.operations()).length, 1);
    });
  });

  describe('against a feed of real documents', () => {
    const documents = {
      '2023/cve-2023-38545.json': read('cve-2023-38545.json'),
      '2024/cve-2024-24786.json': read('cve-2024-24786-simple.json'),
      '2022/cve-2022-38752.json': read('cve-2022-38752-cut.json'),
      '2023/cve-2023-4154.json': read('cve-2023-4154.json'),
      // Before 2015: left out.
      '2014/cve-2014-0001.json': read('cve-2024-24786-bad-rpmmod.json'),
    };
    const loaded = {
      'CVE-2022-38752': [37, 16],
      'CVE-2023-38545': [265, 190],
      'CVE-2023-4154': [159, 159],
      'CVE-2024-24786': [1, 0],
    };

    beforeEach(async () => {
      feeds.set('/vex/archive_latest.txt', { body: 'csaf_vex_2025-01-01.tar.zst\n' });
      feeds.set('/vex/csaf_vex_2025-01-01.tar.zst', {
        body: await archive(documents),
        lastModified: LAST_MODIFIED,
      });
      feeds.set('/vex/changes.csv', { body: '', etag: '"c1"' });
      feeds.set('/vex/deletions.csv', { body: '', etag: '"d1"' });
    });

    it('replaces only the names changes.csv lists, keeping the rows of the others', async () => {
      assert.equal((await engine.run()).status, 'updated');
      assert.deepEqual(await latestNames(), loaded);
      const [first] = await engine.operations();

      feeds.set('/vex/changes.csv', { body: `"2023/cve-2023-38545.json","${FUTURE}"\n`, etag: '"c2"' });
      feeds.set('/vex/2023/cve-2023-38545.json', {
        body: withoutFixed(documents['2023/cve-2023-38545.json']),
      });
      feeds.requests.length = 0;
      assert.equal((await engine.run()).status, 'updated');
      assert.deepEqual(feeds.requests, [
        'GET /vex/changes.csv',
        'GET /vex/2023/cve-2023-38545.json',
        'GET /vex/deletions.csv',
      ]);
      // A document of only known_not_affected assertions still replaces its name's records.
      assert.deepEqual(await latestNames(), { ...loaded, 'CVE-2023-38545': [190, 190] });
      const [second] = await engine.operations();
      assert.deepEqual(
        await rowIds(second?.ref, 'CVE-2022-38752'),
        await rowIds(first?.ref, 'CVE-2022-38752'),
      );
      assert.equal(engine.entries.find((e) => e.msg === 'update done' && e.ref === second?.ref)?.kept, 197);

      // The diff shows the fixed records gone and no assertion as a vulnerability.
      const diff = await getUpdateDiff(engine.db, second?.ref as string, first?.ref);
      assert.deepEqual(
        [diff.added?.length, diff.removed?.length, new Set(diff.removed?.map((v) => v.name))],
        [0, 75, new Set(['CVE-2023-38545'])],
      );
    });

    it('lets a deletion win over a changed document of the same name in the same run', async () => {
      await engine.run();
      feeds.set('/vex/changes.csv', { body: `"2023/cve-2023-38545.json","${FUTURE}"\n`, etag: '"c2"' });
      feeds.set('/vex/2023/cve-2023-38545.json', { body: documents['2023/cve-2023-38545.json'] });
      feeds.set('/vex/deletions.csv', { body: `"2023/cve-2023-38545.json","${FUTURE}"\n`, etag: '"d2"' });
      assert.equal((await engine.run()).status, 'updated');
      const { 'CVE-2023-38545': _, ...rest } = loaded;
      assert.deepEqual(await latestNames(), rest);
    });

    it('removes the names deletions.csv lists and records unchanged when neither index changed', async () => {
      await engine.run();
      feeds.set('/vex/deletions.csv', { body: `"2023/cve-2023-4154.json","${FUTURE}"\n`, etag: '"d2"' });
      assert.equal((await engine.run()).status, 'updated');
      const { 'CVE-2023-4154': _, ...rest } = loaded;
      assert.deepEqual(await latestNames(), rest);

      feeds.requests.length = 0;
      assert.equal((await engine.run()).status, 'unchanged');
      assert.deepEqual(feeds.requests, ['GET /vex/changes.csv', 'GET /vex/deletions.csv']);
      assert.equal((await engine.operations()).length, 2);
    });

    it('never offers a known-not-affected assertion to a matcher', async () => {
      await engine.run();
      const candidates = await candidateVulnerabilities(
        engine.db,
        ['rubygem-foreman_scap_client', 'puppet-agent'],
        ['repo_key'],
        { repo_key: 'rhel-cpe-repository' } as Parameters<typeof candidateVulnerabilities>[3],
      );
      assert.deepEqual(new Set(candidates.map((c) => c.vuln.package.name)), new Set(['puppet-agent']));
    });

    it('fails on a malformed document, naming it, and keeps the previous operation', async () => {
      await engine.run();
      const [before] = await engine.operations();
      feeds.set('/vex/changes.csv', { body: `"2024/cve-2024-24786.json","${FUTURE}"\n`, etag: '"c3"' });
      feeds.set('/vex/2024/cve-2024-24786.json', { body: '{"document": {"tracking": ' });
      await assert.rejects(
        engine.run(),
        (err) =>
          err instanceof InvalidInputError &&
          err.message.includes('vex document 2024/cve-2024-24786.json: not JSON'),
      );
      assert.deepEqual(await engine.operations(), [before]);
      assert.deepEqual(await latestNames(), loaded);
      const status = await engine.db.query(
        'SELECT last_run_succeeded, last_error FROM matcher.updater_status',
      );
      assert.equal(status.rows[0]?.last_run_succeeded, false);
      assert.match(status.rows[0]?.last_error, /cve-2024-24786\.json/);
    });

    it('fails on a broken archive when a setting change forces a reload, and keeps the previous operation', async () => {
      await engine.run();
      const [before] = await engine.operations();
      feeds.set('/vex/csaf_vex_2025-01-01.tar.zst', {
        body: Buffer.concat([zstdCompressSync(Buffer.alloc(1024, 7))]),
        lastModified: LAST_MODIFIED,
      });
      config = { ...config, ignore_kernel_packages: true };
      await assert.rejects(
        engine.run(),
        (err) => err instanceof InvalidInputError && /vex archive .*tar/.test(err.message),
      );
      feeds.set('/vex/csaf_vex_2025-01-01.tar.zst', {
        body: Buffer.from('not zstd'),
        lastModified: LAST_MODIFIED,
      });
      await assert.rejects(
        engine.run(),
        (err) => err instanceof UpstreamError && /vex archive/.test(err.message),
      );
      assert.deepEqual(await engine.operations(), [before]);
      assert.deepEqual(await latestNames(), loaded);
    });

    it('fails when the archive download is cut off, and keeps the previous operation', async () => {
      await engine.run();
      const [before] = await engine.operations();
      const body = await archive(documents);
      feeds.set('/vex/csaf_vex_2025-01-01.tar.zst', {
        body,
        lastModified: LAST_MODIFIED,
        cutAfter: Math.floor(body.length / 2),
      });
      config = { ...config, ignore_kernel_packages: true };
      await assert.rejects(
        engine.run(),
        (err) =>
          err instanceof UpstreamError && /vex archive .*csaf_vex_2025-01-01\.tar\.zst/.test(err.message),
      );
      assert.deepEqual(await engine.operations(), [before]);
      assert.deepEqual(await latestNames(), loaded);
    });

    it('rejects fixed_in_version_cel, which clairless does not support', async () => {
      config = { ...config, fixed_in_version_cel: 'fixed_in' };
      await assert.rejects(engine.run(), /updaters\.config\.rhel-vex\.fixed_in_version_cel: not supported/);
    });
  });
});
