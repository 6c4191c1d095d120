// The aws updater set against a loopback server laid out like Amazon's: a mirror list naming a
// broken mirror and a working one, each mirror's repodata/repomd.xml and the updateinfo it names.
// Whole runs of the update engine into a real PostgreSQL, then a vulnerability report matching
// Amazon Linux packages against what the run stored.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { amazonRelease } from '../../../lib/ecosystems/aws/distribution-scanner.ts';
import { awsUpdaterSet } from '../../../lib/ecosystems/aws/updater.ts';
import { InvalidInputError, UpstreamError } from '../../../lib/errors.ts';
import {
  type IndexReport,
  type WireDistribution,
  type WirePackage,
  wireDistribution,
} from '../../../lib/indexer/index-report.ts';
import { getUpdateDiff } from '../../../lib/updater/store/update-diff.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { captureLog } from '../../helpers/log.ts';
import { getVulnerabilityReport, storeIndexReport } from '../../helpers/matcher.ts';
import { linkedCount, updaterEngine } from '../../helpers/updater-context.ts';

const TESTDATA = join(import.meta.dirname, '..', '..', 'unit', 'ecosystems', 'aws', 'testdata');
const UPDATEINFO = readFileSync(join(TESTDATA, 'updateinfo.xml'), 'utf8');
const REPOMD = readFileSync(join(TESTDATA, 'test_repomd.xml'), 'utf8');
// The updateinfo checksum test_repomd.xml carries, replaced by the one of what is served.
const REPOMD_SUM = '9dd3ce045294b530720d13829817254e3cd67ec1ac36f66069238d9d111d3cc0';
// Package records in testdata/updateinfo.xml: 8 (update, package) pairs.
const RECORDS = 8;

const NAME = 'aws-AL2-updater';
const BROKEN = '/broken/2/x86_64';
const MIRROR = '/2/core/x86_64';
const REPOMD_PATH = `${MIRROR}/repodata/repomd.xml`;
const UPDATEINFO_PATH = `${MIRROR}/repodata/updateinfo.xml.gz`;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The site with the mirrors of AL2; its working mirror serves `gz` under a repomd giving `sum`. */
function serve(feeds: FeedServer, gz: Buffer, sum = sha256(gz)): void {
  // The broken mirror's line has no final /, the working one's has, as Amazon's lists differ.
  feeds.set('/AL2/mirror.list', { body: `${feeds.url}${BROKEN}\n${feeds.url}${MIRROR}/\n` });
  feeds.set(`${BROKEN}/repodata/repomd.xml`, { body: 'internal error', status: 500 });
  feeds.set(REPOMD_PATH, { body: REPOMD.replace(REPOMD_SUM, sum), etag: null });
  feeds.set(UPDATEINFO_PATH, { body: gz, etag: null });
}

/** testdata/updateinfo.xml without its last update (vim, two packages). */
const withoutVim = (): string =>
  UPDATEINFO.replace(/<update [^>]*>\s*<id>ALAS2-2021-1722<\/id>[\s\S]*?<\/update>\s*/, '');

describe('aws updaters run by the update engine', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds.close());
  const engine = updaterEngine(awsUpdaterSet, NAME, () => ({ url: feeds.url }));
  const { run, operations } = engine;
  const gz = gzipSync(UPDATEINFO);
  beforeEach(() => {
    serve(feeds, gz);
    feeds.requests.length = 0;
  });
  const listUrl = () => `${feeds.url}/AL2/mirror.list`;
  /** A first run stores the feed; after `breakIt`, a second fails so, and the first operation stays. */
  const failsKeeping = async (breakIt: () => void, want: { name: string; message: string }) => {
    const first = await run();
    assert.equal(first.status, 'updated');
    breakIt();
    await assert.rejects(run(), want);
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [first.ref],
    );
    assert.equal(await linkedCount(engine.db, first.ref ?? ''), RECORDS);
  };

  it('falls back past a mirror answering 500 and stores every record as one operation', async () => {
    const outcome = await run();

    assert.equal(outcome.status, 'updated');
    assert.deepEqual(feeds.requests, [
      'GET /AL2/mirror.list',
      `GET ${BROKEN}/repodata/repomd.xml`,
      `GET ${REPOMD_PATH}`,
      `GET ${UPDATEINFO_PATH}`,
    ]);
    const skipped = engine.entries.find((e) => e.msg === 'aws mirror skip');
    assert.equal(skipped?.mirror, `${feeds.url}${BROKEN}/`);
    const ops = await operations();
    assert.deepEqual(
      ops.map((o) => [o.ref, o.fingerprint]),
      [[outcome.ref, sha256(gz)]],
    );
    assert.equal(await linkedCount(engine.db, outcome.ref ?? ''), RECORDS);
    const { rows } = await engine.db.query(
      `SELECT DISTINCT dist_id, dist_name, dist_version, dist_version_id, dist_cpe, dist_pretty_name,
              arch_operation, package_kind
         FROM matcher.vuln`,
    );
    const al2 = amazonRelease('2');
    assert.deepEqual(rows, [
      {
        dist_id: al2?.did,
        dist_name: al2?.name,
        dist_version: al2?.version,
        dist_version_id: al2?.versionId,
        dist_cpe: al2?.cpe,
        dist_pretty_name: al2?.prettyName,
        arch_operation: 'equals',
        package_kind: 'binary',
      },
    ]);
  });

  it('records nothing new, nor downloads the updateinfo, while repomd keeps its checksum', async () => {
    const first = await run();
    feeds.requests.length = 0;

    const second = await run();

    assert.equal(second.status, 'unchanged');
    assert.ok(!feeds.requests.includes(`GET ${UPDATEINFO_PATH}`), feeds.requests.join(', '));
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [first.ref],
    );
  });

  it('makes a new operation when the repomd checksum changes, whose diff is what changed', async () => {
    const prev = await run();
    const next = gzipSync(withoutVim());
    serve(feeds, next);

    const cur = await run();

    assert.equal(cur.status, 'updated');
    assert.deepEqual(
      (await operations()).map((o) => [o.ref, o.fingerprint]),
      [
        [cur.ref, sha256(next)],
        [prev.ref, sha256(gz)],
      ],
    );
    const diff = await getUpdateDiff(engine.db, cur.ref ?? '', prev.ref ?? '');
    assert.deepEqual(diff.added ?? [], []);
    assert.deepEqual(
      (diff.removed ?? []).map((v) => `${v.name} ${v.package.name} ${v.fixed_in_version}`).sort(),
      [
        'ALAS2-2021-1722 vim-filesystem 2:8.2.3457-1.amzn2.0.1',
        'ALAS2-2021-1722 vim-minimal 2:8.2.3457-1.amzn2.0.1',
      ],
    );
  });

  it('reads an updateinfo that repomd names without .gz as plain XML', async () => {
    const plain = Buffer.from(UPDATEINFO);
    feeds.set(REPOMD_PATH, {
      body: REPOMD.replace(REPOMD_SUM, sha256(plain)).replace(
        'repodata/updateinfo.xml.gz',
        'repodata/updateinfo.xml',
      ),
      etag: null,
    });
    feeds.set(`${MIRROR}/repodata/updateinfo.xml`, { body: plain, etag: null });

    const outcome = await run();

    assert.equal(outcome.status, 'updated');
    assert.ok(feeds.requests.includes(`GET ${MIRROR}/repodata/updateinfo.xml`), feeds.requests.join(', '));
    assert.equal(await linkedCount(engine.db, outcome.ref ?? ''), RECORDS);
  });

  const updateinfoUrl = () => `${feeds.url}${UPDATEINFO_PATH}`;
  const lastMirror = () => `updater ${NAME}: all 2 mirrors of ${listUrl()} failed, the last`;

  it('fails an updateinfo that is not XML with InvalidInputError naming it, keeping the operation', async () => {
    await failsKeeping(() => serve(feeds, gzipSync('Service Unavailable')), {
      name: InvalidInputError.name,
      message: `updater ${NAME}: updateinfo ${updateinfoUrl()}: malformed XML: line 1 column 19: text data outside of root node.`,
    });
  });

  it('fails a cut-off gzip stream with InvalidInputError naming it, keeping the operation', async () => {
    await failsKeeping(() => serve(feeds, gz.subarray(0, gz.length - 40)), {
      name: InvalidInputError.name,
      message: `updater ${NAME}: updateinfo ${updateinfoUrl()}: gzip data is corrupt or cut short: unexpected end of file`,
    });
  });

  it('fails an updateinfo whose sha256 is not the one repomd gives, keeping the operation', async () => {
    const other = sha256(Buffer.from('another file'));
    await failsKeeping(() => serve(feeds, gzipSync(withoutVim()), other), {
      name: UpstreamError.name,
      message: `${lastMirror()}: updateinfo ${updateinfoUrl()}: sha256 is ${sha256(gzipSync(withoutVim()))}, but ${feeds.url}${REPOMD_PATH} says ${other}`,
    });
  });

  it('fails a repomd without an updateinfo entry with InvalidInputError naming it, keeping the operation', async () => {
    const noUpdateinfo = REPOMD.replace(/<data type="updateinfo">[\s\S]*?<\/data>/, '');
    await failsKeeping(() => feeds.set(REPOMD_PATH, { body: noUpdateinfo, etag: null }), {
      name: InvalidInputError.name,
      message: `${lastMirror()}: repomd ${feeds.url}${REPOMD_PATH}: no <data type="updateinfo"> entry`,
    });
  });

  it('fails with UpstreamError naming the list when the mirror list is missing', async () => {
    await failsKeeping(() => feeds.set('/AL2/mirror.list', undefined), {
      name: UpstreamError.name,
      message: `updater ${NAME}: feed ${listUrl()} answered 404`,
    });
  });
});

const amazonDistribution = (id: string, versionId: string): WireDistribution => {
  const d = amazonRelease(versionId);
  assert.ok(d !== undefined);
  return wireDistribution({ id, ...d });
};

/** An index report of rpm packages [name, version, arch, distribution id]: AL2 is 1, AL2023 is 2. */
function amazonReport(packages: readonly (readonly [string, string, string, '1' | '2'])[]): IndexReport {
  const digest = `sha256:${'a1'.repeat(32)}`;
  const entries = packages.map(([name, version, arch], i): [string, WirePackage] => [
    String(i + 10),
    { id: String(i + 10), name, version, kind: 'binary', arch, normalized_version: '', cpe: '' },
  ]);
  return {
    manifest_hash: digest,
    state: 'IndexFinished',
    packages: Object.fromEntries(entries),
    distributions: { '1': amazonDistribution('1', '2'), '2': amazonDistribution('2', '2023') },
    repository: {},
    environments: Object.fromEntries(
      packages.map(([, , , dist], i) => [
        String(i + 10),
        [{ package_db: 'var/lib/rpm', introduced_in: digest, distribution_id: dist, repository_ids: null }],
      ]),
    ),
    success: true,
    err: '',
  };
}

describe('ALAS records stored by the AL2 updater, in a vulnerability report', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
    serve(feeds, gzipSync(UPDATEINFO));
  });
  after(() => feeds.close());
  const engine = updaterEngine(awsUpdaterSet, NAME, () => ({ url: feeds.url }));

  it('match Amazon Linux 2 packages below the fix on the same architecture, and nothing else', async () => {
    assert.equal((await engine.run()).status, 'updated');
    const installed = [
      ['openssl-libs', '1:1.0.2k-24.amzn2.0.5', 'x86_64', '1'],
      ['openssl-libs', '1:1.0.2k-24.amzn2.0.6', 'x86_64', '1'],
      ['openssl-libs', '1:1.0.2k-24.amzn2.0.5', 'aarch64', '1'],
      ['openssl-libs', '1:1.0.2k-24.amzn2.0.5', 'i686', '1'],
      ['curl', '7.88.1-1.amzn2.0.1', 'x86_64', '1'],
      ['kernel', '4.14.301-136.657.amzn2', 'x86_64', '1'],
      ['vim-minimal', '8.2.4000-1.amzn2', 'x86_64', '1'],
      ['openssl-libs', '1:1.0.2k-24.amzn2.0.5', 'x86_64', '2'],
    ] as const;
    const report = amazonReport(installed);
    await storeIndexReport(engine.db, report);

    const { status, report: got } = await getVulnerabilityReport(
      engine.db,
      captureLog().log,
      report.manifest_hash,
    );

    assert.equal(status, 200);
    assert.ok(got !== undefined);
    const matched = installed.map((_, i) =>
      (got.package_vulnerabilities[String(i + 10)] ?? []).map((id) => got.vulnerabilities[id]?.name),
    );
    assert.deepEqual(matched, [
      ['ALAS2-2023-1955'],
      [],
      ['ALAS2-2023-1955'],
      [],
      ['ALAS2-2023-1970'],
      [],
      ['ALAS2-2021-1722'],
      [],
    ]);
    const openssl = Object.values(got.vulnerabilities).find((v) => v.name === 'ALAS2-2023-1955');
    assert.equal(openssl?.fixed_in_version, '1:1.0.2k-24.amzn2.0.6');
    assert.equal(openssl?.normalized_severity, 'High');
  });
});
