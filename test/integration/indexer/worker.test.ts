import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SQSEvent } from 'aws-lambda';
import type pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import { migrate } from '../../../lib/db/migrate.ts';
import { openPool } from '../../../lib/db/pool.ts';
import { ECOSYSTEMS } from '../../../lib/ecosystems/index.ts';
import { linuxCoalescer } from '../../../lib/indexer/linux-coalescer.ts';
import type { Manifest } from '../../../lib/indexer/manifest.ts';
import { scannerSet } from '../../../lib/indexer/scanner-set.ts';
import { getIndexReport } from '../../../lib/indexer/store/index-reports.ts';
import type { PackageScanner } from '../../../lib/indexer/types.ts';
import { createIndexWorker } from '../../../lib/indexer/worker.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { sqsEvent } from '../../helpers/events.ts';
import { type LayerServer, startLayerServer } from '../../helpers/layer-server.ts';
import {
  type Blob,
  DEBIAN_12_OS_RELEASE,
  digestOf,
  dpkgStatus,
  layerFromTree,
} from '../../helpers/layers.ts';
import { captureLog } from '../../helpers/log.ts';

const config = parseConfig(
  'indexer:\n  allow_private_networks: true\n  max_attempts: 2\n  layer_fetch: {retries: 0}\n',
  'worker.yaml',
  {},
).config.indexer;

/** A package scanner that reports one package per layer holding `marker`, and counts its scans. */
function countingScanner(version: string): PackageScanner & { scans: number } {
  const scanner = {
    name: 'counting',
    version,
    kind: 'package' as const,
    scans: 0,
    wants: (path: string) => (path === 'marker' ? ('content' as const) : ('none' as const)),
    async scan(files: Parameters<PackageScanner['scan']>[0]) {
      scanner.scans++;
      const text = files.text('marker');
      if (text === undefined) return [];
      const pkg = {
        name: `marker-${version}`,
        version: text.trim(),
        arch: '',
        module: '',
        source: undefined,
      };
      return [{ ...pkg, packageDb: 'marker', repositoryHint: '', filepath: '' }];
    },
  };
  return scanner;
}

describe('index worker', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let server: LayerServer;
  let debian: Blob;
  let marked: Blob;
  const manifestOf = (...layers: Blob[]): Manifest => ({
    hash: digestOf(Buffer.concat(layers.map((l) => Buffer.from(`${l.digest}${Math.random()}`)))),
    layers: layers.map((l) => ({ hash: l.digest, uri: server.uri(l), headers: {} })),
  });
  const job = (manifest: Manifest, copies = 1, receiveCount = 1): SQSEvent =>
    sqsEvent(
      Array.from({ length: copies }, () => JSON.stringify({ manifest })),
      receiveCount,
    );

  before(async () => {
    db = await createTestDatabase();
    pool = openPool(db.url, { maxConnections: 10, log: captureLog().log });
    await migrate(pool, captureLog().log);
    debian = await layerFromTree({
      'etc/os-release': DEBIAN_12_OS_RELEASE,
      'var/lib/dpkg/status': dpkgStatus([{ name: 'libc6', version: '2.36-9+deb12u4', source: 'glibc' }]),
      'var/lib/dpkg/info/libc6:amd64.list': '/lib/x86_64-linux-gnu/libc.so.6\n',
    });
    marked = await layerFromTree({ marker: '7\n' });
    server = await startLayerServer([debian, marked]);
  });
  after(async () => {
    await server.close();
    await pool.end();
    await db.drop();
  });

  it('indexes a manifest once when a batch holds it five times, the others leaving it to the first', async () => {
    const { log, entries } = captureLog();
    const worker = createIndexWorker({ db: pool, scanners: scannerSet(ECOSYSTEMS), config, log });
    // A slow registry keeps the five jobs overlapping.
    const slow = debian;
    server.override((req, res) => {
      if (!req.url?.endsWith(slow.digest)) return false;
      server.fetches.set(slow.digest, (server.fetches.get(slow.digest) ?? 0) + 1);
      setTimeout(() => res.writeHead(200).end(slow.bytes), 300);
      return true;
    });
    const manifest = manifestOf(debian);
    const response = await worker(job(manifest, 5), lambdaContext('index-worker', 900_000));
    server.override(() => false);
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.equal(server.fetches.get(debian.digest), 1);
    assert.equal(entries.filter((e) => e.msg === 'index skip').length, 4);
    const report = await getIndexReport(pool, manifest.hash);
    assert.equal(report?.state, 'IndexFinished');
    assert.deepEqual(
      Object.values(report?.packages ?? {}).map((p) => p.name),
      ['libc6'],
    );
  });

  it('retries a registry failure, then gives up with IndexError on the last attempt', async () => {
    const worker = createIndexWorker({
      db: pool,
      scanners: scannerSet(ECOSYSTEMS),
      config,
      log: captureLog().log,
    });
    const failing = await layerFromTree({ 'etc/hostname': 'flaky\n' });
    server.override((req, res) => {
      if (!req.url?.endsWith(failing.digest)) return false;
      res.writeHead(503).end('try later');
      return true;
    });
    const manifest = manifestOf(failing);
    const first = await worker(job(manifest, 1, 1), lambdaContext('index-worker', 900_000));
    assert.deepEqual(first, { batchItemFailures: [{ itemIdentifier: 'm0' }] });
    const pending = await getIndexReport(pool, manifest.hash);
    assert.equal(pending?.state, 'CheckManifest');
    assert.match(pending?.err ?? '', /^failed, will be retried: FetchLayers: GET .* answered 503/);
    const last = await worker(job(manifest, 1, 2), lambdaContext('index-worker', 900_000));
    server.override(() => false);
    assert.deepEqual(last, { batchItemFailures: [{ itemIdentifier: 'm0' }] });
    const failed = await getIndexReport(pool, manifest.hash);
    assert.equal(failed?.state, 'IndexError');
    assert.match(failed?.err ?? '', /answered 503 \(body starts: "try later"\) after 1 tries/);
  });

  it('acknowledges a permanent failure at once, as IndexError', async () => {
    const worker = createIndexWorker({
      db: pool,
      scanners: scannerSet(ECOSYSTEMS),
      config,
      log: captureLog().log,
    });
    const gone = { digest: `sha256:${'5'.repeat(64)}`, bytes: Buffer.alloc(0) };
    const manifest = manifestOf(gone);
    const response = await worker(job(manifest), lambdaContext('index-worker', 900_000));
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.equal((await getIndexReport(pool, manifest.hash))?.state, 'IndexError');
  });

  it('refuses a layer on the cloud metadata address, saying why, without connecting', async () => {
    const strict = parseConfig('indexer: {max_attempts: 1}\n', 'strict.yaml', {}).config.indexer;
    const worker = createIndexWorker({
      db: pool,
      scanners: scannerSet(ECOSYSTEMS),
      config: strict,
      log: captureLog().log,
    });
    const manifest: Manifest = {
      hash: `sha256:${'6'.repeat(64)}`,
      layers: [
        {
          hash: `sha256:${'7'.repeat(64)}`,
          uri: 'http://169.254.169.254/latest/meta-data/iam/',
          headers: {},
        },
      ],
    };
    const response = await worker(job(manifest), lambdaContext('index-worker', 900_000));
    assert.deepEqual(response, { batchItemFailures: [] });
    const report = await getIndexReport(pool, manifest.hash);
    assert.equal(report?.state, 'IndexError');
    assert.match(
      report?.err ?? '',
      /layer host 169\.254\.169\.254 is 169\.254\.169\.254, a link-local address \(cloud instance metadata lives here\): refused unless indexer\.allow_private_networks is true/,
    );
  });

  it("records the manifest's packages and their sources for reverse lookups", async () => {
    const worker = createIndexWorker({
      db: pool,
      scanners: scannerSet(ECOSYSTEMS),
      config,
      log: captureLog().log,
    });
    const manifest = manifestOf(debian);
    await worker(job(manifest), lambdaContext('index-worker', 900_000));
    const { rows } = await pool.query<{ name: string; kind: string; did: string }>(
      `SELECT p.name, p.kind, d.did FROM indexer.manifest_index i
       JOIN indexer.manifest m ON m.id = i.manifest_id JOIN indexer.package p ON p.id = i.package_id
       LEFT JOIN indexer.dist d ON d.id = i.dist_id WHERE m.hash = $1 ORDER BY p.kind, p.name`,
      [manifest.hash],
    );
    assert.deepEqual(rows, [
      { name: 'libc6', kind: 'binary', did: 'debian' },
      { name: 'glibc', kind: 'source', did: 'debian' },
    ]);
  });

  it('leaves a manifest to a live worker holding its lease', async () => {
    const { log, entries } = captureLog();
    const worker = createIndexWorker({ db: pool, scanners: scannerSet(ECOSYSTEMS), config, log });
    const manifest = manifestOf(marked);
    await pool.query(`INSERT INTO indexer.manifest (hash) VALUES ($1)`, [manifest.hash]);
    await pool.query(
      `INSERT INTO indexer.index_lease (manifest_id, owner, expires_at)
       SELECT id, 'another worker', now() + interval '1 minute' FROM indexer.manifest WHERE hash = $1`,
      [manifest.hash],
    );
    const response = await worker(job(manifest), lambdaContext('index-worker', 900_000));
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.ok(entries.some((e) => e.msg === 'index skip'));
    assert.equal(await getIndexReport(pool, manifest.hash), undefined);
  });

  it('re-scans only with a scanner whose version changed, and reads only its results', async () => {
    const ecosystem = (scanner: PackageScanner) => [
      {
        name: 'test',
        packageScanners: [scanner],
        distributionScanners: [],
        repositoryScanners: [],
        coalescer: linuxCoalescer,
      },
    ];
    const v1 = countingScanner('1');
    const manifest = manifestOf(marked);
    const run = (scanner: PackageScanner) =>
      createIndexWorker({
        db: pool,
        scanners: scannerSet(ecosystem(scanner)),
        config,
        log: captureLog().log,
      })(job(manifest), lambdaContext('index-worker', 900_000));
    await run(v1);
    assert.equal(v1.scans, 1);
    const fetched = server.fetches.get(marked.digest);
    await run(v1);
    assert.equal(v1.scans, 1, 'an unchanged scanner set does nothing');
    assert.equal(server.fetches.get(marked.digest), fetched);
    const v2 = countingScanner('2');
    await run(v2);
    assert.equal(v2.scans, 1);
    assert.equal(server.fetches.get(marked.digest), (fetched ?? 0) + 1);
    const report = await getIndexReport(pool, manifest.hash);
    assert.deepEqual(
      Object.values(report?.packages ?? {}).map((p) => p.name),
      ['marker-2'],
    );
    const other = manifestOf(marked);
    await run(v2);
    await createIndexWorker({ db: pool, scanners: scannerSet(ecosystem(v2)), config, log: captureLog().log })(
      job(other),
      lambdaContext('index-worker', 900_000),
    );
    assert.equal(v2.scans, 1, 'a layer scanned for one manifest is not scanned again for another');
  });
});
