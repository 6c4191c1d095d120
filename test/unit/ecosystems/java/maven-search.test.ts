import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { PluginConfig } from '../../../../lib/config/types.ts';
import { mavenSearchSettings, searchBySha1 } from '../../../../lib/ecosystems/java/maven-search.ts';
import { javaPackageScanner } from '../../../../lib/ecosystems/java/package-scanner.ts';
import { ConfigError } from '../../../../lib/errors.ts';
import { type FeedServer, startFeedServer } from '../../../helpers/feed-server.ts';
import { captureLog } from '../../../helpers/log.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { gnuTar } from '../../indexer/tar-build.ts';
import { NO_ZIP, zipTree } from './zip-build.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const layers = tarLayers([javaPackageScanner]);

describe('java maven search settings', () => {
  it('is off unless a search URL is given, and off again with disable_api', () => {
    assert.equal(mavenSearchSettings({}), undefined);
    assert.equal(mavenSearchSettings({ disable_api: false }), undefined);
    assert.equal(
      mavenSearchSettings({ api: 'https://search.maven.org/solrsearch/select', disable_api: true }),
      undefined,
    );
    assert.deepEqual(mavenSearchSettings({ api: 'https://search.maven.org/solrsearch/select' }), {
      url: 'https://search.maven.org/solrsearch/select',
      timeoutMs: 2000,
    });
    assert.equal(
      mavenSearchSettings({ api: 'http://mirror.local/select', api_request_timeout: '5s' })?.timeoutMs,
      5000,
    );
  });

  it('rejects an unknown key, a URL that is not http(s) and a timeout that is no duration, naming the key', () => {
    const cases: [PluginConfig, RegExp][] = [
      [{ apis: 'x' }, /indexer\.scanner\.package\.java\.apis: unknown key/],
      [
        { api: 'ftp://x/select' },
        /indexer\.scanner\.package\.java\.api: "ftp:\/\/x\/select" is not an absolute http\(s\) URL/,
      ],
      [
        { api: 'https://x/select', api_request_timeout: 2 },
        /indexer\.scanner\.package\.java\.api_request_timeout: want a duration/,
      ],
    ];
    for (const [config, message] of cases) {
      assert.throws(
        () => javaPackageScanner.checkConfig?.(config),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      );
    }
  });
});

describe('java package scanner with the maven search', { skip: NO_ZIP }, () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer();
  });
  after(() => feeds?.close());
  afterEach(() => layers.disposeAll());

  // A jar its manifest names, and one its pom.properties names.
  const manifestJar = () =>
    zipTree({ 'META-INF/MANIFEST.MF': readFileSync(join(TESTDATA, 'manifest', 'zstd-jni-1.3.8-5.jar')) });
  const pomJar = () =>
    zipTree({
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\n',
      'META-INF/maven/org.hdrhistogram/HdrHistogram/pom.properties': readFileSync(
        join(TESTDATA, 'properties', 'HdrHistogram-2.1.9.jar'),
      ),
    });

  async function scanWith(path: string, tree: Record<string, Buffer>) {
    const { log, entries } = captureLog();
    const config = { api: `${feeds.url}${path}` };
    const packages = await javaPackageScanner.scan(layers.of(gnuTar(tree)), {
      config,
      signal: AbortSignal.timeout(30_000),
      log,
    });
    return { packages: packages.map((p) => [p.name, p.version, p.packageDb]), entries };
  }

  it('names an archive no pom.properties names as the search answers for its SHA-1, the smallest id first', async () => {
    feeds.set('/found/select', {
      body: JSON.stringify({
        response: {
          docs: [
            { id: 'com.github.luben:zstd-jni:1.3.8-5', g: 'com.github.luben', a: 'zstd-jni', v: '1.3.8-5' },
            { id: 'ch.mirror:zstd-jni:1.3.8-5', g: 'ch.mirror', a: 'zstd-jni', v: '1.3.8-5' },
          ],
        },
      }),
    });
    const before = feeds.requests.length;
    const { packages } = await scanWith('/found/select', {
      'app/zstd.jar': manifestJar(),
      'app/hdr.jar': pomJar(),
    });
    assert.deepEqual(packages, [
      ['ch.mirror:zstd-jni', '1.3.8-5', 'maven:app/zstd.jar'],
      ['org.hdrhistogram:HdrHistogram', '2.1.9', 'maven:app/hdr.jar'],
    ]);
    // Only the archive its pom.properties did not name was looked up.
    assert.deepEqual(feeds.requests.slice(before), ['GET /found/select']);
  });

  it('keeps what the archive says when the search knows nothing', async () => {
    feeds.set('/empty/select', { body: JSON.stringify({ response: { numFound: 0, docs: [] } }) });
    const { packages } = await scanWith('/empty/select', { 'app/zstd.jar': manifestJar() });
    assert.deepEqual(packages, [['com.github.luben.zstd-jni:zstd-jni', '1.3.8.5', 'jar:app/zstd.jar']]);
  });

  it('ignores a failing search with a debug line, and stops asking for the rest of the scan', async () => {
    feeds.set('/down/select', { body: 'unavailable', status: 503 });
    const before = feeds.requests.length;
    const { packages, entries } = await scanWith('/down/select', {
      'app/a/zstd.jar': manifestJar(),
      'app/b/zstd.jar': manifestJar(),
    });
    assert.deepEqual(packages, [
      ['com.github.luben.zstd-jni:zstd-jni', '1.3.8.5', 'jar:app/a/zstd.jar'],
      ['com.github.luben.zstd-jni:zstd-jni', '1.3.8.5', 'jar:app/b/zstd.jar'],
    ]);
    assert.equal(feeds.requests.length - before, 1);
    assert.deepEqual(
      entries.filter((e) => e.msg === 'java maven search failed').map((e) => [e.level, e.reason]),
      [['debug', 'status 503']],
    );
  });
});

describe('java maven search request', () => {
  it("asks for the SHA-1 as claircore does: q=1:<sha1>, wt=json, on the configured URL's own query", async () => {
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"response":{"docs":[]}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const sha1 = '35379fb6526fd019f331542b4e9ae2e566c57933';
      const search = { url: `http://127.0.0.1:${port}/solrsearch/select?rows=5`, timeoutMs: 2000 };
      assert.equal(await searchBySha1(search, sha1, AbortSignal.timeout(10_000), undefined), undefined);
      assert.deepEqual(asked, [`/solrsearch/select?rows=5&q=1%3A${sha1}&wt=json`]);
    } finally {
      server.close();
    }
  });

  it('gives up on an answer past 4 MiB as it streams in, without waiting for its end', async () => {
    // An answer that never ends: only a bound on the bytes read stops the request before its timeout.
    const chunk = Buffer.alloc(2 ** 16, ' ');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const more = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const { log, entries } = captureLog();
      const search = { url: `http://127.0.0.1:${port}/select`, timeoutMs: 600_000 };
      assert.equal(await searchBySha1(search, 'ab'.repeat(20), AbortSignal.timeout(600_000), log), 'failed');
      assert.deepEqual(
        entries.map((e) => [e.msg, e.reason]),
        [['java maven search failed', `answer over ${4 * 2 ** 20} bytes`]],
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('measures the answer in bytes, not characters', async () => {
    // 2 Mi three-byte characters: under 4 Mi characters, over 4 MiB.
    const body = JSON.stringify({ response: { docs: [] }, padding: '€'.repeat(2 * 2 ** 20) });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const search = { url: `http://127.0.0.1:${port}/select`, timeoutMs: 30_000 };
      assert.equal(
        await searchBySha1(search, 'ab'.repeat(20), AbortSignal.timeout(30_000), undefined),
        'failed',
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
