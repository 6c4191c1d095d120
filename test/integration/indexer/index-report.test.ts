import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { parseConfig } from '../../../lib/config/load.ts';
import type { IndexReport } from '../../../lib/indexer/index-report.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/runtime.ts';
import { type LayerServer, startLayerServer } from '../../helpers/layer-server.ts';
import {
  type Blob,
  DEBIAN_12_OS_RELEASE,
  digestOf,
  dpkgStatus,
  layerFromTree,
} from '../../helpers/layers.ts';
import { localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';

type Response = { status: number; headers: Headers; report: IndexReport };

const STATUS_AB = dpkgStatus([
  { name: 'libfoo1', version: '1.2-3', source: 'foo' },
  { name: 'bar', version: '2:0.9-1+deb12u1', source: 'bar-src (0.9-1)' },
]);
const STATUS_A = dpkgStatus([{ name: 'libfoo1', version: '1.2-3', source: 'foo' }]);

describe('index reports over the local runtime', () => {
  let runtime: LocalRuntime;
  let server: LayerServer;
  let base: Blob;
  let upgrade: Blob;
  let bomb: Blob;
  let fresh: Blob;
  const manifestOf = (...layers: Blob[]) => ({
    hash: digestOf(Buffer.concat(layers.map((l) => Buffer.from(l.digest)))),
    layers: layers.map((l) => ({ hash: l.digest, uri: server.uri(l), headers: {} })),
  });
  const post = async (manifest: unknown, headers: Record<string, string> = {}): Promise<Response> => {
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify(manifest),
      headers,
    });
    return { status: res.status, headers: res.headers, report: (await res.json()) as IndexReport };
  };

  before(async () => {
    base = await layerFromTree({
      'etc/os-release': { symlink: '../usr/lib/os-release' },
      'usr/lib/os-release': DEBIAN_12_OS_RELEASE,
      'var/lib/dpkg/status': STATUS_AB,
      'var/lib/dpkg/info/libfoo1:amd64.list': '/usr/lib/libfoo.so.1\n',
      'var/lib/dpkg/info/bar.list': '/usr/bin/bar\n',
    });
    upgrade = await layerFromTree({
      'var/lib/dpkg/status': STATUS_A,
      'var/lib/dpkg/info/libfoo1:amd64.list': '/usr/lib/libfoo.so.1\n',
    });
    bomb = await layerFromTree({ 'zeros.bin': '\0'.repeat(64 * 2 ** 20) });
    fresh = await layerFromTree({ 'lib/apk/db/installed': 'P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\n' });
    server = await startLayerServer([base, upgrade, bomb, fresh]);
    const setup = await localSetup('indexer:\n  request_wait: 60s\n  allow_private_networks: true\n');
    runtime = await startLocalRuntime(parseConfig(setup.yaml, 'index.yaml', {}).config, captureLog().log);
  });
  after(async () => {
    await runtime.stop();
    await server.close();
  });

  it('lists the packages of the newest dpkg database and the distribution', async () => {
    const manifest = manifestOf(base, upgrade);
    const { status, headers, report } = await post(manifest);
    assert.equal(status, 201);
    assert.equal(report.state, 'IndexFinished', report.err);
    assert.equal(report.success, true);
    assert.equal(headers.get('location'), `/indexer/api/v1/index_report/${manifest.hash}`);
    const packages = Object.values(report.packages).map((p) => [
      p.name,
      p.version,
      p.arch,
      p.source?.name,
      p.source?.version,
    ]);
    assert.deepEqual(packages, [['libfoo1', '1.2-3', 'amd64', 'foo', '1.2-3']]);
    const [dist] = Object.values(report.distributions);
    assert.equal(dist?.pretty_name, 'Debian GNU/Linux 12 (bookworm)');
    const [pkgId] = Object.keys(report.packages);
    assert.deepEqual(report.environments[pkgId as string], [
      {
        package_db: 'var/lib/dpkg/status',
        introduced_in: base.digest,
        distribution_id: dist?.id,
        repository_ids: null,
      },
    ]);
  });

  it('answers an already indexed manifest at once, without fetching again', async () => {
    const manifest = manifestOf(base, upgrade);
    const before = new Map(server.fetches);
    const again = await post(manifest);
    assert.equal(again.status, 201);
    assert.deepEqual(server.fetches, before);
    const read = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${manifest.hash}`);
    assert.deepEqual(await read.json(), again.report);
    const tag = read.headers.get('etag') as string;
    const cached = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${manifest.hash}`, {
      headers: { 'if-none-match': tag },
    });
    assert.equal(cached.status, 304);
  });

  it('does the work once for the same manifest posted five times at once', async () => {
    const manifest = manifestOf(fresh);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(manifest)));
    for (const answer of answers) {
      assert.equal(answer.status, 201);
      assert.deepEqual(answer.report, answers[0]?.report);
    }
    assert.equal(answers[0]?.report.state, 'IndexFinished');
    assert.deepEqual(
      Object.values(answers[0]?.report.packages ?? {}).map((p) => `${p.name} ${p.version} ${p.source?.name}`),
      ['musl 1.2.4-r2 musl'],
    );
    assert.equal(server.fetches.get(fresh.digest), 1);
  });

  it('reports a wrong layer digest as IndexError naming both digests, readable afterwards', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const manifest = {
      hash: `sha256:${'1'.repeat(64)}`,
      layers: [{ hash: wrong, uri: server.uri(upgrade).replace(upgrade.digest, wrong), headers: {} }],
    };
    server.override((req, res) => {
      if (!req.url?.endsWith(wrong)) return false;
      res.writeHead(200).end(upgrade.bytes);
      return true;
    });
    const { status, report } = await post(manifest);
    server.override(() => false);
    assert.equal(status, 201);
    assert.equal(report.state, 'IndexError');
    assert.equal(report.success, false);
    assert.match(
      report.err,
      new RegExp(`layer ${wrong} does not match its content, which hashes to ${upgrade.digest}`),
    );
    const read = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${manifest.hash}`);
    assert.equal(read.status, 200);
    assert.deepEqual(await read.json(), report);
  });

  it('stops a decompression bomb at the configured limit and keeps serving', async () => {
    const manifest = manifestOf(bomb);
    assert.ok(bomb.bytes.length < 2 ** 20, 'the bomb is small');
    const { report } = await post(manifest);
    assert.equal(report.state, 'IndexError');
    assert.match(report.err, /expands more than 100 times \(indexer\.layer_limits\.max_expansion_ratio\)/);
    assert.equal((await fetch(`${runtime.apiUrl}/healthz`)).status, 200);
    assert.equal((await post(manifestOf(upgrade))).report.state, 'IndexFinished');
  });

  it('reports a layer that is not a tar archive', async () => {
    const junk = Buffer.from(gzipSync(Buffer.from('this is not a tar archive, just text '.repeat(50))));
    const blob = { digest: digestOf(junk), bytes: junk };
    server.override((req, res) => {
      if (!req.url?.endsWith(blob.digest)) return false;
      res.writeHead(200).end(junk);
      return true;
    });
    const { report } = await post(manifestOf(blob));
    server.override(() => false);
    assert.equal(report.state, 'IndexError');
    assert.match(report.err, /header checksum mismatch \(not a tar archive, or corrupt\)/);
  });

  it('reports a registry refusal with its status', async () => {
    const missing = { digest: `sha256:${'2'.repeat(64)}`, bytes: Buffer.alloc(0) };
    const { report } = await post(manifestOf(missing));
    assert.equal(report.state, 'IndexError');
    assert.match(report.err, /answered 404 \(body starts: "{\\"errors\\"/);
  });

  it('rejects a manifest without layers, naming the field', async () => {
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify({ hash: `sha256:${'3'.repeat(64)}`, layers: [] }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      code: 'bad-request',
      message: 'manifest "layers" must be a non-empty array of layers',
    });
  });

  it('serves the index state with an ETag, 304 on a match, and 412 to a POST that sends it', async () => {
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_state`);
    const { state } = (await res.json()) as { state: string };
    assert.equal(res.headers.get('etag'), `"${state}"`);
    const cached = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_state`, {
      headers: { 'if-none-match': `"${state}"` },
    });
    assert.equal(cached.status, 304);
    const refused = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify(manifestOf(base)),
      headers: { 'if-none-match': `"${state}"` },
    });
    assert.equal(refused.status, 412);
    assert.equal(((await refused.json()) as { code: string }).code, 'precondition-failed');
  });

  it('deletes manifests and the rows only they used', async () => {
    const only = manifestOf(upgrade);
    const shared = manifestOf(base, upgrade);
    const unknown = `sha256:${'4'.repeat(64)}`;
    const bulk = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'DELETE',
      body: JSON.stringify([only.hash, unknown]),
    });
    assert.equal(bulk.status, 200);
    assert.deepEqual(await bulk.json(), [only.hash]);
    assert.equal((await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${only.hash}`)).status, 404);
    const db = new pg.Client({ connectionString: runtime.databaseUrl });
    await db.connect();
    try {
      const layers = async () =>
        (await db.query<{ hash: string }>('SELECT hash FROM indexer.layer ORDER BY hash')).rows.map(
          (r) => r.hash,
        );
      // upgrade is still used by the shared manifest.
      assert.ok((await layers()).includes(upgrade.digest));
      const one = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${shared.hash}`, {
        method: 'DELETE',
      });
      assert.equal(one.status, 204);
      const five = manifestOf(base);
      await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${five.hash}`, { method: 'DELETE' });
      assert.ok(!(await layers()).includes(upgrade.digest));
      assert.ok(!(await layers()).includes(base.digest));
      const { rows } = await db.query("SELECT 1 FROM indexer.package WHERE name = 'bar'");
      assert.equal(rows.length, 0, 'packages no layer uses are collected');
    } finally {
      await db.end();
    }
  });
});
