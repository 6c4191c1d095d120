// clair.cvss in updater bundles: exported as Clair's jsonblob enrichment records, imported as an
// enrichment operation an airgapped matcher enriches reports from.
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { CVSS_ENRICHMENT_TYPE, enrichReport } from '../../../../lib/enrichers/cvss/enrich.ts';
import { exportBundle } from '../../../../lib/updater/export-bundle.ts';
import { importBundle } from '../../../../lib/updater/import-bundle.ts';
import { runUpdater } from '../../../../lib/updater/run-updater.ts';
import { getUpdateOperations } from '../../../../lib/updater/store/update-operations.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../../helpers/database.ts';
import { type FeedServer, startFeedServer } from '../../../helpers/feed-server.ts';
import { captureLog } from '../../../helpers/log.ts';
import { cvssData } from '../../../unit/enrichers/cvss/nvd-feed.ts';
import { cvssDeps, cvssSpec, RECORDS_PER_YEAR, serveAllYears, YEARS } from './nvd-mirror.ts';

const signal = new AbortController().signal;

/** Each stored enrichment of an updater's operations, as "tags data", sorted. */
async function stored(db: pg.Pool): Promise<string[]> {
  const { rows } = await db.query<{ tags: string[]; data: unknown }>(
    `SELECT e.tags, e.data FROM matcher.enrichment e JOIN matcher.uo_enrich l ON l.enrich = e.id
     JOIN matcher.update_operation o ON o.id = l.uo WHERE o.updater = 'clair.cvss'`,
  );
  return rows.map((r) => `${r.tags.join(',')} ${JSON.stringify(r.data)}`).sort();
}

describe('clair.cvss bundles', () => {
  const { log } = captureLog();
  let feeds: FeedServer;
  let source: OpenTestDatabase;
  let bundle = '';

  before(async () => {
    feeds = await startFeedServer();
    source = await openTestDatabase(log);
    serveAllYears(feeds);
  });
  after(async () => {
    await feeds.close();
    await source.close();
  });

  it("exports the records as Clair's jsonblob enrichment lines, one operation", async () => {
    const out = new PassThrough();
    const text = (async () => {
      let all = '';
      for await (const chunk of out) all += chunk;
      return all;
    })();
    const result = await exportBundle(out, cvssDeps(source.db, feeds, log), signal, log);
    out.end();
    bundle = await text;
    assert.deepEqual(result, { exported: ['clair.cvss'], failed: [] });
    const lines = bundle
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, YEARS.length * RECORDS_PER_YEAR);
    assert.deepEqual(Object.keys(lines[0]), ['Updater', 'Fingerprint', 'Date', 'Kind', 'Ref', 'Enrichment']);
    assert.equal(new Set(lines.map((l) => l.Ref)).size, 1);
    const first = lines.find((l) => l.Enrichment.Tags[0] === 'CVE-2016-0001');
    assert.deepEqual([first?.Updater, first?.Kind], ['clair.cvss', 'enrichment']);
    assert.deepEqual(first?.Enrichment, { Tags: ['CVE-2016-0001'], Enrichment: cvssData('3.1', 7.5) });
  });

  it('imports into a fresh database what the updater stores, and enriches reports from it', async () => {
    await runUpdater(cvssSpec(feeds), cvssDeps(source.db, feeds, log), signal, 't');
    const target = await openTestDatabase(log);
    try {
      const result = await importBundle(
        Readable.from([Buffer.from(bundle)]),
        target.db,
        log,
        'bundle.ndjson',
      );
      assert.deepEqual(result, { imported: ['clair.cvss'], skipped: [] });
      const [want] = (await getUpdateOperations(source.db, 'enrichment', true))['clair.cvss'] ?? [];
      const [got] = (await getUpdateOperations(target.db, 'enrichment', true))['clair.cvss'] ?? [];
      assert.equal(got?.fingerprint, want?.fingerprint);
      assert.deepEqual(await stored(target.db), await stored(source.db));
      assert.deepEqual(
        await enrichReport(target.db, new Map([['v', { name: 'CVE-2016-0003', links: '' }]])),
        {
          [CVSS_ENRICHMENT_TYPE]: [{ v: [cvssData('3.0', 5.3)] }],
        },
      );

      const again = await importBundle(Readable.from([Buffer.from(bundle)]), target.db, log, 'bundle.ndjson');
      assert.deepEqual(again, { imported: [], skipped: ['clair.cvss'] });
      // The updater itself then finds nothing new: the imported fingerprint is the one it would record.
      const outcome = await runUpdater(cvssSpec(feeds), cvssDeps(target.db, feeds, log), signal, 't');
      assert.equal(outcome.status, 'unchanged');
    } finally {
      await target.close();
    }
  });

  const broken: [name: string, lines: object[], message: RegExp][] = [
    [
      'an enrichment line without Enrichment.Enrichment',
      [
        {
          Updater: 'clair.cvss',
          Fingerprint: '{}',
          Kind: 'enrichment',
          Ref: 'r1',
          Enrichment: { Tags: ['CVE-1'] },
        },
      ],
      /^InvalidInputError: bundle broken line 1: not an enrichment record: want Updater, Ref, Enrichment\.Tags \(strings\) and Enrichment\.Enrichment$/,
    ],
    [
      'an operation mixing kinds',
      [
        {
          Updater: 'clair.cvss',
          Fingerprint: '{}',
          Kind: 'enrichment',
          Ref: 'r1',
          Enrichment: { Tags: null, Enrichment: {} },
        },
        {
          Updater: 'clair.cvss',
          Fingerprint: '{}',
          Kind: 'vulnerability',
          Ref: 'r1',
          Vuln: { name: 'CVE-1' },
        },
      ],
      /^InvalidInputError: bundle broken line 2: a vulnerability record in operation r1 of enrichment records$/,
    ],
  ];
  for (const [name, lines, message] of broken) {
    it(`fails ${name}, naming the line, and stores nothing of it`, async () => {
      const target = await openTestDatabase(log);
      try {
        const text = lines.map((l) => JSON.stringify(l)).join('\n');
        await assert.rejects(
          importBundle(Readable.from([Buffer.from(text)]), target.db, log, 'broken'),
          message,
        );
        assert.deepEqual(await getUpdateOperations(target.db, 'enrichment', false), {});
      } finally {
        await target.close();
      }
    });
  }
});
