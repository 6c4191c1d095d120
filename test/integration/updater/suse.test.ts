// The suse updater set against a loopback server laid out like SUSE's OVAL folder: its HTML
// index and a gzipped SLES 15 document as upstream serves them. Discovery, whole runs of the
// update engine into a real PostgreSQL, then a vulnerability report matching SLES packages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { suseRelease } from '../../../lib/ecosystems/suse/distribution-scanner.ts';
import { suseUpdaterSet } from '../../../lib/ecosystems/suse/updater.ts';
import { UpstreamError } from '../../../lib/errors.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport } from '../../helpers/matcher.ts';
import { rpmIndexReport } from '../../helpers/rpm-report.ts';
import { linkedCount, updaterEngine, withUpdaterContext } from '../../helpers/updater-context.ts';

const TESTDATA = join(import.meta.dirname, '../../unit/ecosystems/suse/testdata/oval');
const INDEX = readFileSync(join(TESTDATA, 'index.html'), 'utf8');
const XML = readFileSync(join(TESTDATA, 'suse.linux.enterprise.server.15.xml'), 'utf8');
// By hand: libmozjs-60, mozjs60, curl, libcurl4 and libz1.
const RECORDS = 5;
const NAME = 'suse-updater-suse.linux.enterprise.server.15';
const PATH = '/suse.linux.enterprise.server.15.xml.gz';

/** The folder as SUSE serves it, its SLES 15 document being `xml` gzipped. */
function serve(feeds: FeedServer, xml = XML): void {
  feeds.set('/', { body: INDEX, etag: null });
  feeds.set(PATH, { body: gzipSync(xml) });
}

describe('suse updater set on a loopback OVAL folder', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds.close());
  beforeEach(() => serve(feeds));

  it('makes one updater per SLES and recent Leap document the index links to', async () => {
    const specs = await withUpdaterContext((ctx) => suseUpdaterSet.discover({ url: feeds.url }, ctx));
    assert.deepEqual(specs, [
      {
        set: 'suse',
        name: 'suse-updater-opensuse.leap.15.5',
        params: { url: `${feeds.url}/opensuse.leap.15.5.xml.gz`, did: 'opensuse-leap', version: '15.5' },
      },
      {
        set: 'suse',
        name: 'suse-updater-opensuse.leap.15.6',
        params: { url: `${feeds.url}/opensuse.leap.15.6.xml.gz`, did: 'opensuse-leap', version: '15.6' },
      },
      {
        set: 'suse',
        name: 'suse-updater-suse.linux.enterprise.server.12',
        params: { url: `${feeds.url}/suse.linux.enterprise.server.12.xml.gz`, did: 'sles', version: '12' },
      },
      {
        set: 'suse',
        name: NAME,
        params: { url: `${feeds.url}${PATH}`, did: 'sles', version: '15' },
      },
    ]);
  });

  it('fails with UpstreamError naming the index when it cannot be read', async () => {
    feeds.set('/', { body: 'unavailable', status: 503 });
    await assert.rejects(
      withUpdaterContext((ctx) => suseUpdaterSet.discover({ url: feeds.url }, ctx)),
      { name: UpstreamError.name, message: `feed ${feeds.url}/ answered 503` },
    );
  });
});

describe('suse updaters run by the update engine', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds.close());
  const engine = updaterEngine(suseUpdaterSet, NAME, () => ({ url: feeds.url }));
  const { run, operations } = engine;
  beforeEach(() => {
    serve(feeds);
    feeds.requests.length = 0;
  });

  it('stores the gzipped document as one operation, about SLES 15 as its scanner names it', async () => {
    const outcome = await run();

    assert.equal(outcome.status, 'updated');
    assert.deepEqual(feeds.requests, ['GET /', `GET ${PATH}`]);
    assert.equal(await linkedCount(engine.db, outcome.ref ?? ''), RECORDS);
    const { rows } = await engine.db.query(
      `SELECT DISTINCT dist_id, dist_name, dist_version, dist_version_id, dist_pretty_name, issued
         FROM matcher.vuln`,
    );
    const sles15 = suseRelease('sles', '15');
    assert.deepEqual(rows, [
      {
        dist_id: sles15?.did,
        dist_name: sles15?.name,
        dist_version: sles15?.version,
        dist_version_id: sles15?.versionId,
        dist_pretty_name: sles15?.prettyName,
        issued: null,
      },
    ]);
  });

  it('records nothing new when the document keeps its ETag', async () => {
    const first = await run();
    const second = await run();

    assert.equal(second.status, 'unchanged');
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [first.ref],
    );
  });

  const dangling: [name: string, cut: RegExp, message: string][] = [
    [
      'a test',
      /<rpminfo_test id="oval:org\.opensuse\.security:tst:2009797453"[\s\S]*?<\/rpminfo_test>\s*/,
      'definition oval:org.opensuse.security:def:202338545: criterion test_ref "oval:org.opensuse.security:tst:2009797453" names no test',
    ],
    [
      'an object',
      /<rpminfo_object id="oval:org\.opensuse\.security:obj:2009031072"[\s\S]*?<\/rpminfo_object>\s*/,
      'definition oval:org.opensuse.security:def:20225678: test oval:org.opensuse.security:tst:2009689410: object_ref "oval:org.opensuse.security:obj:2009031072" names no object',
    ],
  ];
  for (const [name, cut, detail] of dangling) {
    it(`skips the criteria of a document missing ${name} they refer to, with a warning naming both, as claircore does`, async () => {
      const first = await run();
      assert.match(XML, cut);
      serve(feeds, XML.replace(cut, ''));

      const second = await run();
      assert.equal(second.status, 'updated');
      const stored = await linkedCount(engine.db, second.ref ?? '');
      assert.ok(stored > 0 && stored < RECORDS, `${stored} of ${RECORDS} records`);
      assert.deepEqual(
        engine.entries
          .filter((e) => e.msg === 'oval criteria skipped: missing references')
          .map((e) => e.first),
        [`oval ${feeds.url}${PATH}: ${detail}`],
      );
      assert.deepEqual(
        (await operations()).map((o) => o.ref),
        [second.ref, first.ref],
      );
    });
  }
});

describe('SUSE records stored by the SLES 15 updater, in a vulnerability report', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
    serve(feeds);
  });
  after(() => feeds.close());
  const engine = updaterEngine(suseUpdaterSet, NAME, () => ({ url: feeds.url }));

  it('matches SLES 15 packages below the fix, and nothing on openSUSE Leap 15.5', async () => {
    assert.equal((await engine.run()).status, 'updated');
    const installed = [
      ['curl', '8.0.1-150400.5.29.1', 'x86_64'],
      ['libcurl4', '8.0.1-150400.5.32.1', 'x86_64'],
      ['libz1', '1.2.11-150000.3.30.1', 'aarch64'],
    ] as const;
    const matches = async (digest: string, did: 'sles' | 'opensuse-leap', version: string) => {
      const dist = suseRelease(did, version);
      assert.ok(dist !== undefined);
      await storeIndexReport(engine.db, rpmIndexReport(dist, installed, digest));
      const { status, report } = await getVulnerabilityReport(engine.db, captureLog().log, digest);
      assert.equal(status, 200);
      assert.ok(report !== undefined);
      return installed.map((_, i) =>
        (report.package_vulnerabilities[String(i + 10)] ?? []).map((id) => report.vulnerabilities[id]?.name),
      );
    };

    assert.deepEqual(await matches(`sha256:${'d5'.repeat(32)}`, 'sles', '15'), [
      ['CVE-2023-38545'],
      [],
      ['CVE-2022-5678'],
    ]);
    assert.deepEqual(await matches(`sha256:${'d6'.repeat(32)}`, 'opensuse-leap', '15.5'), [[], [], []]);
  });
});
