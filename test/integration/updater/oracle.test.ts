// The oracle updater set against a loopback server laid out like Oracle's OVAL folder, serving a
// year's ELSA document bzip2-compressed as upstream does: whole runs of the update engine into a
// real PostgreSQL, then a vulnerability report matching Oracle Linux packages against them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { oracleRelease } from '../../../lib/ecosystems/oracle/distribution-scanner.ts';
import { oracleUpdaterSet } from '../../../lib/ecosystems/oracle/updater.ts';
import { InvalidInputError } from '../../../lib/errors.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport } from '../../helpers/matcher.ts';
import { rpmIndexReport } from '../../helpers/rpm-report.ts';
import { linkedCount, updaterEngine } from '../../helpers/updater-context.ts';

const TESTDATA = join(import.meta.dirname, '../../unit/ecosystems/oracle/testdata/oval');
// Made with bzip2 -9 from the XML beside it (testdata/README.md).
const BZ2 = readFileSync(join(TESTDATA, 'com.oracle.elsa-2023.xml.bz2'));
const XML = readFileSync(join(TESTDATA, 'com.oracle.elsa-2023.xml'));
// By hand (test/unit/ecosystems/oracle/updater.test.ts): nodejs and npm twice each, under the
// module both arch branches enable, and libwebp and libwebp-devel; rows are content-addressed.
const PARSED = 6;
const RECORDS = 4;
const NAME = 'oracle-2023-updater';
const PATH = '/com.oracle.elsa-2023.xml.bz2';

describe('oracle updaters run by the update engine', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds.close());
  const engine = updaterEngine(oracleUpdaterSet, NAME, () => ({ url: feeds.url }));
  const { run, operations } = engine;
  beforeEach(() => {
    feeds.set(PATH, { body: BZ2 });
    feeds.requests.length = 0;
  });

  it('stores the bzip2 document as one operation, each advisory about its Oracle Linux release', async () => {
    const outcome = await run();

    assert.equal(outcome.status, 'updated');
    assert.deepEqual(feeds.requests, [`GET ${PATH}`]);
    assert.equal(engine.entries.find((e) => e.msg === 'update done')?.parsed, PARSED);
    assert.equal(await linkedCount(engine.db, outcome.ref ?? ''), RECORDS);
    const { rows } = await engine.db.query(
      `SELECT DISTINCT name, dist_id, dist_name, dist_version, dist_version_code_name, dist_pretty_name
         FROM matcher.vuln ORDER BY name`,
    );
    const row = (name: string, major: string) => {
      const dist = oracleRelease(major);
      return {
        name,
        dist_id: dist?.did,
        dist_name: dist?.name,
        dist_version: dist?.version,
        dist_version_code_name: dist?.versionCodeName,
        dist_pretty_name: dist?.prettyName,
      };
    };
    assert.deepEqual(rows, [
      row('ELSA-2023-0326:  nodejs:18 security update (MODERATE)', '8'),
      row('ELSA-2023-5217:  libwebp security update (IMPORTANT)', '9'),
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

  it('rejects plain XML served as .bz2 naming the document, and keeps the previous operation', async () => {
    const first = await run();
    feeds.set(PATH, { body: XML });

    await assert.rejects(run(), {
      name: InvalidInputError.name,
      message: `updater ${NAME}: oval ${feeds.url}${PATH}: bzip2 data is corrupt or cut short: No magic number found`,
    });
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [first.ref],
    );
    assert.equal(await linkedCount(engine.db, first.ref ?? ''), RECORDS);
  });
});

describe('ELSA records stored by the 2023 updater, in a vulnerability report', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
    feeds.set(PATH, { body: BZ2 });
  });
  after(() => feeds.close());
  const engine = updaterEngine(oracleUpdaterSet, NAME, () => ({ url: feeds.url, years: [2023] }));

  /** The advisory names each package of the report on `major` matches. */
  const matches = async (major: string, installed: readonly (readonly [string, string, string])[]) => {
    const dist = oracleRelease(major);
    assert.ok(dist !== undefined);
    const digest = `sha256:${major.padStart(2, '0').repeat(32)}`;
    await storeIndexReport(engine.db, rpmIndexReport(dist, installed, digest));
    const { status, report } = await getVulnerabilityReport(engine.db, captureLog().log, digest);
    assert.equal(status, 200);
    assert.ok(report !== undefined);
    return installed.map((_, i) =>
      (report.package_vulnerabilities[String(i + 10)] ?? []).map((id) => report.vulnerabilities[id]?.name),
    );
  };

  it('matches packages below the fix on an architecture it applies to, on its release only', async () => {
    assert.equal((await engine.run()).status, 'updated');
    const nodejs = 'ELSA-2023-0326:  nodejs:18 security update (MODERATE)';
    const libwebp = 'ELSA-2023-5217:  libwebp security update (IMPORTANT)';

    assert.deepEqual(
      await matches('8', [
        ['nodejs', '1:18.12.0-1.module+el8.7.0+20897+33e4fa81', 'x86_64'],
        ['nodejs', '1:18.12.0-1.module+el8.7.0+20897+33e4fa81', 'i686'],
        ['nodejs', '1:18.12.1-1.module+el8.7.0+20897+33e4fa81', 'x86_64'],
        ['npm', '1:8.19.1-1.18.12.0.1.module+el8.7.0+20897+33e4fa81', 'x86_64'],
        ['npm', '1:8.19.1-1.18.12.0.1.module+el8.7.0+20897+33e4fa81', 'aarch64'],
        ['glibc', '2.28-225.0.3.el8', 'x86_64'],
        ['libwebp', '1.0.0-5.el8', 'x86_64'],
      ]),
      [[nodejs], [], [], [nodejs], [], [], []],
    );
    assert.deepEqual(
      await matches('9', [
        ['libwebp', '1.2.0-6.el9', 'x86_64'],
        ['libwebp-devel', '1.2.0-7.el9_2', 'x86_64'],
      ]),
      [[libwebp], []],
    );
  });
});
