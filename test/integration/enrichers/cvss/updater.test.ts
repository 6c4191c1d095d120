// clair.cvss through the real update engine into PostgreSQL, from an NVD mirror on loopback.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type pg from 'pg';
import { CVSS_ENRICHMENT_TYPE, enrichReport } from '../../../../lib/enrichers/cvss/enrich.ts';
import { UpstreamError } from '../../../../lib/errors.ts';
import { runUpdater } from '../../../../lib/updater/run-updater.ts';
import { getUpdateOperations } from '../../../../lib/updater/store/update-operations.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../../helpers/database.ts';
import { type FeedServer, startFeedServer } from '../../../helpers/feed-server.ts';
import { captureLog } from '../../../helpers/log.ts';
import { cvssData, nvdFeed, nvdMeta } from '../../../unit/enrichers/cvss/nvd-feed.ts';
import {
  clearEnrichments,
  cvssDeps,
  cvssSpec,
  RECORDS_PER_YEAR,
  serveAllYears,
  serveYear,
  sha256,
  YEARS,
  yearCves,
} from './nvd-mirror.ts';

const signal = new AbortController().signal;

describe('clair.cvss updates into PostgreSQL', () => {
  const { log, entries } = captureLog();
  let store: OpenTestDatabase;
  let db: pg.Pool;
  let feeds: FeedServer;
  const run = (retention = 10) =>
    runUpdater(cvssSpec(feeds), cvssDeps(db, feeds, log, retention), signal, 't');
  const operations = async () => (await getUpdateOperations(db, 'enrichment', false))['clair.cvss'] ?? [];
  const count = async (table: string): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  const lastDone = () => entries.filter((e) => e.msg === 'update done').at(-1);

  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
    feeds = await startFeedServer();
  });
  after(async () => {
    await feeds.close();
    await store.close();
  });
  beforeEach(async () => {
    await clearEnrichments(db);
    entries.length = 0;
    feeds.requests.length = 0;
  });

  it("stores every year's CVSS data as one enrichment operation, fingerprinted by the .meta sha256s", async () => {
    const fingerprint = serveAllYears(feeds);
    const outcome = await run();
    assert.equal(outcome.status, 'updated');
    const ops = await operations();
    assert.equal(ops.length, 1);
    assert.deepEqual(
      [ops[0]?.ref, ops[0]?.kind, JSON.parse(ops[0]?.fingerprint ?? '')],
      [outcome.ref, 'enrichment', fingerprint],
    );
    assert.equal(ops[0]?.fingerprint, JSON.stringify(fingerprint), 'keys in year order, as claircore writes');
    assert.equal((await getUpdateOperations(db, 'vulnerability', false))['clair.cvss'], undefined);
    const records = YEARS.length * RECORDS_PER_YEAR;
    assert.deepEqual([lastDone()?.parsed, lastDone()?.inserted], [records, records]);
    assert.equal(await count('matcher.enrichment'), records);
    assert.equal(await count('matcher.uo_enrich'), records);
    const { rows } = await db.query(
      'SELECT tags, data FROM matcher.enrichment WHERE tags && $1 ORDER BY tags',
      [['CVE-2016-0001', 'CVE-2016-0002', 'CVE-2016-0003']],
    );
    assert.deepEqual(rows, [
      { tags: ['CVE-2016-0001'], data: cvssData('3.1', 7.5) },
      { tags: ['CVE-2016-0003'], data: cvssData('3.0', 5.3) },
    ]);
    const status = await db.query('SELECT last_run_succeeded, last_error FROM matcher.updater_status');
    assert.deepEqual(status.rows, [{ last_run_succeeded: true, last_error: null }]);
  });

  it('makes no operation while every .meta is the same, and fetches no feed', async () => {
    serveAllYears(feeds);
    await run();
    feeds.requests.length = 0;
    assert.equal((await run()).status, 'unchanged');
    assert.equal((await operations()).length, 1);
    assert.equal(feeds.requests.length, YEARS.length);
    assert.ok(
      feeds.requests.every((r) => /^GET \/nvd\/nvdcve-2\.0-\d{4}\.meta$/.test(r)),
      feeds.requests.join(', '),
    );
  });

  it('downloads every year again when one changed, sharing the unchanged records', async () => {
    const before = serveAllYears(feeds);
    const first = await run();
    const json = serveYear(feeds, 2016, [
      ...yearCves(2016).slice(0, 2),
      { id: 'CVE-2016-0003', v30: [['Primary', 6.1]] },
      { id: 'CVE-2016-0004', v31: [['Primary', 9.1]] },
    ]);
    feeds.requests.length = 0;
    const second = await run();
    assert.equal(second.status, 'updated');
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [second.ref, first.ref],
    );
    assert.deepEqual(JSON.parse((await operations())[0]?.fingerprint ?? ''), {
      ...before,
      2016: sha256(json),
    });
    assert.equal(feeds.requests.filter((r) => r.endsWith('.json.gz')).length, YEARS.length);
    const records = YEARS.length * RECORDS_PER_YEAR + 1;
    // CVE-2016-0003's score changed and CVE-2016-0004 is new; every other record is shared.
    assert.deepEqual([lastDone()?.parsed, lastDone()?.inserted], [records, 2]);
    assert.equal(await count('matcher.enrichment'), YEARS.length * RECORDS_PER_YEAR + 2);
    const report = await enrichReport(db, new Map([['1', { name: 'CVE-2016-0003', links: '' }]]));
    assert.deepEqual(report, { [CVSS_ENRICHMENT_TYPE]: [{ 1: [cvssData('3.0', 6.1)] }] });
  });

  it('keeps the newest operations within the retention and deletes the records no longer linked', async () => {
    serveAllYears(feeds);
    await run(2);
    for (const score of [8.8, 9.9]) {
      serveYear(feeds, 2020, [{ id: 'CVE-2020-0001', v31: [['Primary', score]] }]);
      await run(2);
    }
    assert.equal((await operations()).length, 2);
    const done = lastDone();
    assert.deepEqual([done?.gc_operations, done?.gc_enrichments], [1, 2]);
    const { rows } = await db.query('SELECT data FROM matcher.enrichment WHERE tags = $1 ORDER BY id', [
      ['CVE-2020-0001'],
    ]);
    assert.deepEqual(
      rows.map((r) => r.data),
      [cvssData('3.1', 8.8), cvssData('3.1', 9.9)],
    );
  });

  const broken: [name: string, serve: (feeds: FeedServer) => void, message: RegExp][] = [
    [
      'a feed that is not gzip',
      (f) =>
        serveYear(f, 2010, yearCves(2010), {
          gz: Buffer.from('<html>maintenance</html>'),
          meta: nvdMeta('x'),
        }),
      /^feed http:\/\/127\.0\.0\.1:\d+\/nvd\/nvdcve-2\.0-2010\.json\.gz: not a whole gzip file: incorrect header check$/,
    ],
    [
      'a gzip file cut off',
      (f) => {
        const gz = gzipSync(nvdFeed(yearCves(2010)));
        serveYear(f, 2010, yearCves(2010), { gz: gz.subarray(0, gz.length - 20), meta: nvdMeta('x') });
      },
      /nvdcve-2\.0-2010\.json\.gz: not a whole gzip file: unexpected end of file/,
    ],
    [
      'a feed that is not JSON',
      (f) =>
        serveYear(f, 2010, [], {
          gz: gzipSync('{"format": "NVD_CVE", "vulnerabilities": [oops]}'),
          meta: nvdMeta('x'),
        }),
      /nvdcve-2\.0-2010\.json\.gz: malformed JSON: /,
    ],
    [
      'a feed that is another JSON document',
      (f) => serveYear(f, 2010, [], { gz: gzipSync('{}'), meta: nvdMeta('x') }),
      /nvdcve-2\.0-2010\.json\.gz: not an NVD CVE feed: no format field/,
    ],
    [
      'a .meta without sha256',
      (f) =>
        serveYear(f, 2010, yearCves(2010), {
          meta: 'lastModifiedDate:2025-08-07T03:01:41-04:00\r\nsize:1\r\n',
        }),
      /^feed http:\/\/127\.0\.0\.1:\d+\/nvd\/nvdcve-2\.0-2010\.meta: no sha256 line in the meta file$/,
    ],
    [
      'a missing .meta',
      (f) => f.set('/nvd/nvdcve-2.0-2010.meta', undefined),
      /nvdcve-2\.0-2010\.meta answered 404$/,
    ],
  ];
  for (const [name, serve, message] of broken) {
    it(`fails ${name} with UpstreamError naming it, and keeps the previous operation`, async () => {
      serveAllYears(feeds);
      const good = await run();
      const stored = await count('matcher.enrichment');
      serve(feeds);
      await assert.rejects(run(), (err: Error) => {
        assert.ok(err instanceof UpstreamError, `${err.name}: ${err.message}`);
        assert.ok(err.message.startsWith('updater clair.cvss: '), err.message);
        assert.match(err.message.slice('updater clair.cvss: '.length), message);
        return true;
      });
      assert.deepEqual(
        (await operations()).map((o) => o.ref),
        [good.ref],
      );
      assert.equal(await count('matcher.enrichment'), stored);
      const status = await db.query<{ last_run_succeeded: boolean; last_error: string }>(
        'SELECT last_run_succeeded, last_error FROM matcher.updater_status',
      );
      assert.equal(status.rows[0]?.last_run_succeeded, false);
      assert.match(status.rows[0]?.last_error ?? '', message);
    });
  }
});
