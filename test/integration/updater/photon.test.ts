// The photon updater set against a loopback server laid out like VMware's OVAL folder, serving
// claircore's Photon 3.0 document as plain XML as upstream does: whole runs of the update engine
// into a real PostgreSQL, then a vulnerability report matching Photon packages against them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { photonRelease } from '../../../lib/ecosystems/photon/distribution-scanner.ts';
import { photonUpdaterSet } from '../../../lib/ecosystems/photon/updater.ts';
import { InvalidInputError } from '../../../lib/errors.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport } from '../../helpers/matcher.ts';
import { rpmIndexReport } from '../../helpers/rpm-report.ts';
import { linkedCount, updaterEngine } from '../../helpers/updater-context.ts';

const XML = gunzipSync(
  readFileSync(
    join(import.meta.dirname, '../../unit/ecosystems/photon/testdata/com.vmware.phsa-photon3.xml.gz'),
  ),
);
// One record per "is earlier than" criterion, all distinct (test/unit/ecosystems/photon/updater.test.ts).
const RECORDS = 778;
const NAME = 'photon-updater-3.0';
const PATH = '/com.vmware.phsa-photon3.xml';

describe('photon updaters run by the update engine', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds.close());
  const engine = updaterEngine(photonUpdaterSet, NAME, () => ({ url: feeds.url }));
  const { run, operations } = engine;
  beforeEach(() => {
    feeds.set(PATH, { body: XML });
    feeds.requests.length = 0;
  });

  it('stores every record of the document as one operation, about Photon 3.0 as its scanner names it', async () => {
    const outcome = await run();

    assert.equal(outcome.status, 'updated');
    assert.deepEqual(feeds.requests, [`GET ${PATH}`]);
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [outcome.ref],
    );
    assert.equal(await linkedCount(engine.db, outcome.ref ?? ''), RECORDS);
    const { rows } = await engine.db.query(
      `SELECT DISTINCT dist_id, dist_name, dist_version, dist_version_id, dist_pretty_name, package_kind
         FROM matcher.vuln`,
    );
    const photon3 = photonRelease('3.0');
    assert.deepEqual(rows, [
      {
        dist_id: photon3?.did,
        dist_name: photon3?.name,
        dist_version: photon3?.version,
        dist_version_id: photon3?.versionId,
        dist_pretty_name: photon3?.prettyName,
        package_kind: 'binary',
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

  it('rejects a cut-off document naming it, and keeps the previous operation', async () => {
    const first = await run();
    feeds.set(PATH, { body: XML.subarray(0, 100_000) });

    await assert.rejects(run(), {
      name: InvalidInputError.name,
      message: new RegExp(`^updater ${NAME}: oval ${feeds.url}${PATH}: not well-formed XML: .*unclosed tag`),
    });
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [first.ref],
    );
    assert.equal(await linkedCount(engine.db, first.ref ?? ''), RECORDS);
    const status = await engine.db.query(
      'SELECT last_run_succeeded FROM matcher.updater_status WHERE updater = $1',
      [NAME],
    );
    assert.deepEqual(status.rows, [{ last_run_succeeded: false }]);
  });
});

describe('PHSA records stored by the Photon 3.0 updater, in a vulnerability report', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
    feeds.set(PATH, { body: XML });
  });
  after(() => feeds.close());
  const engine = updaterEngine(photonUpdaterSet, NAME, () => ({ url: feeds.url, releases: ['3.0'] }));

  it('matches Photon 3.0 packages below a fix, and nothing on Photon 4.0', async () => {
    assert.equal((await engine.run()).status, 'updated');
    const photon3 = photonRelease('3.0');
    const photon4 = photonRelease('4.0');
    assert.ok(photon3 !== undefined && photon4 !== undefined);
    const installed = [
      ['sqlite-libs', '3.27.2-4.ph3', 'x86_64'],
      ['openssl', '1.0.2t-1.ph3', 'x86_64'],
      ['curl', '7.61.1-5.ph3', 'x86_64'],
    ] as const;
    const matches = async (digest: string, report = rpmIndexReport(photon3, installed, digest)) => {
      await storeIndexReport(engine.db, report);
      const { status, report: got } = await getVulnerabilityReport(engine.db, captureLog().log, digest);
      assert.equal(status, 200);
      assert.ok(got !== undefined);
      return installed.map((_, i) =>
        (got.package_vulnerabilities[String(i + 10)] ?? []).map((id) => got.vulnerabilities[id]?.name).sort(),
      );
    };

    // By hand: sqlite-libs is fixed in 3.27.2-5 (PHSA-2020:00001) and 3.31.1-1 (00004), but not
    // below 3.27.2-4 by 00002, 00003 and 00005; openssl 1.0.2t-1 is fixed by 00197 (1.0.2u-1).
    assert.deepEqual(await matches(`sha256:${'c3'.repeat(32)}`), [
      [
        'PHSA-2020:00001 sqlite Security Update. (Important)',
        'PHSA-2020:00004 sqlite Security Update. (Important)',
      ],
      ['PHSA-2020:00197 openssl Security Update. (Low)'],
      [],
    ]);
    assert.deepEqual(
      await matches(
        `sha256:${'c4'.repeat(32)}`,
        rpmIndexReport(photon4, installed, `sha256:${'c4'.repeat(32)}`),
      ),
      [[], [], []],
    );
  });
});
