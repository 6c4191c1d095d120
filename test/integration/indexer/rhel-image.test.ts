import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import { migrate } from '../../../lib/db/migrate.ts';
import { openPool } from '../../../lib/db/pool.ts';
import { ECOSYSTEMS } from '../../../lib/ecosystems/index.ts';
import { rpmPackage } from '../../../lib/ecosystems/rpm/rpm-package.ts';
import { ConfigError } from '../../../lib/errors.ts';
import type { IndexReport, WireEnvironment } from '../../../lib/indexer/index-report.ts';
import type { Manifest } from '../../../lib/indexer/manifest.ts';
import { scannerSet } from '../../../lib/indexer/scanner-set.ts';
import { getIndexReport } from '../../../lib/indexer/store/index-reports.ts';
import { createIndexWorker } from '../../../lib/indexer/worker.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { sqsEvent } from '../../helpers/events.ts';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.ts';
import { type LayerServer, startLayerServer } from '../../helpers/layer-server.ts';
import { type Blob, digestOf, layerFromDirectory } from '../../helpers/layers.ts';
import { captureLog } from '../../helpers/log.ts';
import {
  buildRpmFixtures,
  type RpmFixtures,
  rpmToolsInstalled,
  SKIP_MESSAGE,
} from '../../unit/ecosystems/rpm/rpmdb-fixtures.ts';

const RHEL = join(import.meta.dirname, '../../unit/ecosystems/rhel/testdata');
const UBI9_OS_RELEASE = readFileSync(join(RHEL, 'releasefiles/ubi9/usr/lib/os-release'), 'utf8');
const BASEOS = 'rhel-9-for-x86_64-baseos-rpms';
const APPSTREAM = 'rhel-9-for-x86_64-appstream-rpms';
const MAPPING = JSON.stringify({
  data: {
    [BASEOS]: { cpes: ['cpe:/o:redhat:enterprise_linux:9::baseos'] },
    [APPSTREAM]: { cpes: ['cpe:/a:redhat:enterprise_linux:9::appstream'] },
  },
});
const write = (file: string, content: string | Buffer): void => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
};
const indexerConfig = (yaml: string) =>
  parseConfig(`indexer:\n  allow_private_networks: true\n${yaml}`, 'rhel.yaml', {}).config.indexer;

describe('indexing an image built on RHEL', { skip: rpmToolsInstalled() ? false : SKIP_MESSAGE }, () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let fx: RpmFixtures;
  let feeds: FeedServer;
  let layers: LayerServer;
  let base: Blob;
  let user: Blob;

  /** A layer folder with the rpmdb holding only the named packages of the fixtures'. */
  const rpmdbOf = (root: string, names: readonly string[] | 'all'): void => {
    const file = join(root, 'var/lib/rpm/rpmdb.sqlite');
    write(file, readFileSync(join(fx.roots.sqlite, 'var/lib/rpm/rpmdb.sqlite')));
    if (names === 'all') return;
    // The rpm scanners read only the Packages table.
    const rpmdb = new DatabaseSync(file, { enableForeignKeyConstraints: false });
    for (const row of rpmdb.prepare('SELECT hnum, blob FROM Packages').all()) {
      const name = rpmPackage(Buffer.from(row.blob as Uint8Array), '')?.name ?? '';
      if (!names.includes(name)) rpmdb.prepare('DELETE FROM Packages WHERE hnum = ?').run(row.hnum as number);
    }
    rpmdb.close();
  };

  before(async () => {
    db = await createTestDatabase();
    pool = openPool(db.url, { maxConnections: 10, log: captureLog().log });
    await migrate(pool, captureLog().log);
    fx = buildRpmFixtures();
    feeds = await startFeedServer();
    feeds.set('/repository-to-cpe.json', { body: MAPPING });
    // The RHEL base layer: os-release, a content manifest naming its repositories, two packages.
    const baseRoot = fx.scratch();
    write(join(baseRoot, 'etc/os-release'), UBI9_OS_RELEASE);
    write(
      join(baseRoot, 'root/buildinfo/content_manifests/ubi9-container-9.3-1.json'),
      JSON.stringify({ content_sets: [BASEOS, APPSTREAM], metadata: { image_layer_index: 0 } }),
    );
    rpmdbOf(baseRoot, ['clairless-epoch', 'clairless-epoch-libs']);
    base = layerFromDirectory(baseRoot);
    // A user layer: `dnf install` added two packages, one of them from appstream, as its history says.
    const userRoot = fx.scratch();
    rpmdbOf(userRoot, 'all');
    const history = join(userRoot, 'var/lib/dnf/history.sqlite');
    mkdirSync(dirname(history), { recursive: true });
    copyFileSync(join(RHEL, 'dnf4/var/lib/dnf/history.sqlite'), history);
    const dnf = new DatabaseSync(history);
    const item = Number(dnf.prepare('INSERT INTO item (item_type) VALUES (1)').run().lastInsertRowid);
    dnf
      .prepare(
        "INSERT INTO rpm (item_id, name, epoch, version, release, arch) VALUES (?, 'clairless-many-files', 0, '4.2.1', '1.el9', 'x86_64')",
      )
      .run(item);
    dnf
      .prepare(
        'INSERT INTO trans_item (trans_id, item_id, repo_id, action, reason, state) VALUES (2, ?, (SELECT id FROM repo WHERE repoid = ?), 1, 1, 1)',
      )
      .run(item, APPSTREAM);
    dnf.close();
    user = layerFromDirectory(userRoot);
    layers = await startLayerServer([base, user]);
  });
  after(async () => {
    await layers?.close();
    await feeds?.close();
    fx?.cleanup();
    await pool?.end();
    await db?.drop();
  });

  it('ties each package to the Red Hat products of its layer, or of its DNF repository', async () => {
    const config = indexerConfig(
      `  scanner:\n    repo:\n      rhel-repository-scanner:\n        repo2cpe_mapping_url: ${feeds.url}/repository-to-cpe.json\n`,
    );
    const worker = createIndexWorker({
      db: pool,
      scanners: scannerSet(ECOSYSTEMS),
      config,
      log: captureLog().log,
    });
    const manifest: Manifest = {
      hash: digestOf(Buffer.from(`${base.digest}${user.digest}`)),
      layers: [base, user].map((l) => ({ hash: l.digest, uri: layers.uri(l), headers: {} })),
    };
    const response = await worker(
      sqsEvent([JSON.stringify({ manifest })]),
      lambdaContext('index-worker', 900_000),
    );
    assert.deepEqual(response, { batchItemFailures: [] });
    const report = (await getIndexReport(pool, manifest.hash)) as IndexReport;
    assert.equal(report.state, 'IndexFinished', report.err);

    const products = Object.values(report.repository)
      .map((r) => `${r.name} ${r.uri} ${r.key}`)
      .sort();
    assert.deepEqual(products, [
      `cpe:2.3:a:redhat:enterprise_linux:9:*:appstream:*:*:*:*:* repoid=${APPSTREAM} rhel-cpe-repository`,
      `cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:* repoid=${BASEOS} rhel-cpe-repository`,
    ]);
    const repoidOf = (id: string) => report.repository[id]?.uri?.replace('repoid=', '');
    const rhel9 = Object.values(report.distributions).find((d) => d.did === 'rhel')?.id;
    /** The environment the rhel coalescer made (the rpm scanner's, coalesced as generic rpm, has no repositories). */
    const rhelEnvironment = (name: string): { layer: string; dist: string; repoids: string[] } => {
      const id = Object.values(report.packages).find((p) => p.name === name)?.id as string;
      const envs = (report.environments[id] ?? []).filter(
        (e: WireEnvironment) => e.distribution_id === rhel9,
      );
      assert.equal(envs.length, 1, `${name}: ${JSON.stringify(report.environments[id])}`);
      const env = envs[0] as WireEnvironment;
      return {
        layer: env.introduced_in === base.digest ? 'base' : 'user',
        dist: env.distribution_id,
        repoids: (env.repository_ids ?? []).map((r) => repoidOf(r) as string).sort(),
      };
    };
    assert.ok(rhel9 !== undefined);
    // As claircore writes it: the 2.3 formatted string of the scanner's cpe:/o:redhat:enterprise_linux:9.
    assert.equal(report.distributions[rhel9]?.cpe, 'cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*');
    assert.deepEqual(rhelEnvironment('clairless-epoch'), {
      layer: 'base',
      dist: rhel9,
      repoids: [APPSTREAM, BASEOS],
    });
    assert.deepEqual(rhelEnvironment('clairless-many-files'), {
      layer: 'user',
      dist: rhel9,
      repoids: [APPSTREAM],
    });
    // Installed by rpm, not dnf: the user layer's products, carried up from the base layer.
    assert.deepEqual(rhelEnvironment('clairless-nodejs'), {
      layer: 'user',
      dist: rhel9,
      repoids: [APPSTREAM, BASEOS],
    });
  });

  it('fails at start-up with a ConfigError naming a wrong rhel-repository-scanner setting', () => {
    const unused = new pg.Pool({ connectionString: 'postgresql://127.0.0.1:1/unused' });
    for (const [yaml, key] of [
      ['repo2cpe_mapping_ulr: https://example.com/', 'repo2cpe_mapping_ulr: unknown key'],
      ['timeout: ten', 'timeout: want a duration'],
      ['repo2cpe_mapping_file: /nonexistent/repository-to-cpe.json', 'repo2cpe_mapping_file: no file at'],
    ]) {
      const config = indexerConfig(
        `  scanner:\n    repo:\n      rhel-repository-scanner:\n        ${yaml}\n`,
      );
      assert.throws(
        () =>
          createIndexWorker({ db: unused, scanners: scannerSet(ECOSYSTEMS), config, log: captureLog().log }),
        (err: Error) =>
          err instanceof ConfigError &&
          err.message.startsWith(`indexer.scanner.repo.rhel-repository-scanner.${key}`),
      );
    }
  });
});
