// enrichReport against stored clair.cvss operations: the report's `enrichments` object.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import { CVSS_ENRICHMENT_TYPE, enrichReport } from '../../../../lib/enrichers/cvss/enrich.ts';
import { storeEnrichments } from '../../../../lib/updater/store/store-enrichments.ts';
import type { EnrichmentRecord } from '../../../../lib/updater/types.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../../helpers/database.ts';
import { captureLog } from '../../../helpers/log.ts';
import { cvssData } from '../../../unit/enrichers/cvss/nvd-feed.ts';
import { clearEnrichments } from './nvd-mirror.ts';

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const record = (cve: string, score: number): EnrichmentRecord => ({
  tags: [cve],
  data: cvssData('3.1', score),
});

/** The pool, and how many queries went through it. */
function countingQueries(db: pg.Pool): { db: pg.Pool; queries: () => number } {
  let queries = 0;
  const counted = new Proxy(db, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver);
      return (text: string, values?: unknown[]) => {
        queries++;
        return target.query(text, values);
      };
    },
  });
  return { db: counted, queries: () => queries };
}

const vulns = (entries: Record<string, { name: string; links: string }>) => new Map(Object.entries(entries));

describe('clair.cvss enrichment of a vulnerability report', () => {
  const { log } = captureLog();
  let store: OpenTestDatabase;
  let db: pg.Pool;

  before(async () => {
    store = await openTestDatabase(log);
    db = store.db;
  });
  after(() => store.close());
  beforeEach(async () => {
    await clearEnrichments(db);
    // An older operation, whose records must not show once a newer one exists.
    await storeEnrichments(
      db,
      'clair.cvss',
      '{"2021":"A"}',
      each([record('CVE-2021-0001', 1.0), record('CVE-2021-0099', 2.0)]),
    );
    await storeEnrichments(
      db,
      'clair.cvss',
      '{"2021":"B"}',
      each([
        record('CVE-2021-0001', 9.8),
        record('CVE-2021-0002', 7.5),
        record('CVE-2020-0005', 5.0),
        record('CVE-2021-10000', 4.0),
        record('CVE-2021-9999', 3.0),
      ]),
    );
    // Another enricher tagging the same CVE.
    await storeEnrichments(db, 'other.enricher', '"x"', each([record('CVE-2021-0002', 0.1)]));
  });

  it('maps each vulnerability to the cvssData of its lowest CVE with one, in one query', async () => {
    const counted = countingQueries(db);
    const got = await enrichReport(
      counted.db,
      vulns({
        1: { name: 'CVE-2021-0001', links: '' },
        2: {
          name: 'DSA-5022-1',
          links: 'https://security-tracker.debian.org/tracker/CVE-2021-0002 https://nvd.test/cve_2020_0005',
        },
        3: { name: 'CVE-2021-10000', links: 'https://nvd.test/CVE-2021-9999' },
        4: { name: 'CVE-2021-0099', links: '' },
        5: { name: 'GHSA-jfh8-c2jp-5v3q', links: 'https://github.test/advisories/GHSA-jfh8-c2jp-5v3q' },
        6: { name: 'CVE-2021-0404', links: 'https://nvd.test/CVE-2021-0002' },
        7: { name: 'cve-2021-0001', links: '' },
      }),
    );
    assert.deepEqual(got, {
      [CVSS_ENRICHMENT_TYPE]: [
        {
          1: [cvssData('3.1', 9.8)],
          2: [cvssData('3.1', 5.0)],
          3: [cvssData('3.1', 3.0)],
          6: [cvssData('3.1', 7.5)],
          7: [cvssData('3.1', 9.8)],
        },
      ],
    });
    assert.equal(counted.queries(), 1);
  });

  it('answers {} without asking the database when no vulnerability names a CVE', async () => {
    const counted = countingQueries(db);
    const got = await enrichReport(
      counted.db,
      vulns({ 1: { name: 'GHSA-jfh8-c2jp-5v3q', links: 'https://osv.test/PYSEC-2021-1' } }),
    );
    assert.deepEqual(got, {});
    assert.equal(counted.queries(), 0);
    assert.deepEqual(await enrichReport(db, new Map()), {});
  });

  it('answers {} when no CVE named has a record', async () => {
    assert.deepEqual(await enrichReport(db, vulns({ 1: { name: 'CVE-2019-0001', links: '' } })), {});
  });

  it('answers {} before clair.cvss has run', async () => {
    await clearEnrichments(db);
    assert.deepEqual(await enrichReport(db, vulns({ 1: { name: 'CVE-2021-0001', links: '' } })), {});
  });
});
