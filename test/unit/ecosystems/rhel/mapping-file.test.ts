import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { mappingReader } from '../../../../lib/ecosystems/rhel/mapping-file.ts';
import { InvalidInputError, UpstreamError } from '../../../../lib/errors.ts';
import { type FeedServer, startFeedServer } from '../../../helpers/feed-server.ts';
import { freePorts } from '../../../helpers/free-port.ts';
import { captureLog } from '../../../helpers/log.ts';

const LAST_MODIFIED = 'Mon, 02 Jan 2006 15:04:05 GMT';

/** A mapping of names to lists, as Red Hat's files are; anything else is rejected. */
const parseNames = (json: unknown, where: string): Record<string, string[]> => {
  const data = (json as { data?: unknown } | null)?.data;
  if (typeof data !== 'object' || data === null) throw new InvalidInputError(`${where}: no data`);
  return data as Record<string, string[]>;
};
const body = (data: Record<string, string[]>): string => JSON.stringify({ data });

describe('mapping reader', () => {
  let feeds: FeedServer;
  let dir: string;
  let path: number;
  /** A fresh path on the feed server, so each test starts with nothing cached. */
  let url: string;
  const ctx = () => ({ signal: new AbortController().signal, log: captureLog().log });
  const gets = () => feeds.requests.filter((r) => r === `GET ${new URL(url).pathname}`).length;

  before(async () => {
    feeds = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'clairless-mapping-'));
    path = 0;
  });
  after(async () => {
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    url = `${feeds.url}/mapping-${++path}.json`;
  });

  it('fetches the mapping once and answers the copy until the refresh interval passes', async () => {
    feeds.set(new URL(url).pathname, { body: body({ a: ['x'] }), etag: null, lastModified: LAST_MODIFIED });
    const read = mappingReader(parseNames);
    assert.deepEqual(await read({ url }, ctx()), { a: ['x'] });
    assert.deepEqual(await read({ url }, ctx()), { a: ['x'] });
    assert.equal(gets(), 1);
  });

  it('shares one request among reads made at the same time', async () => {
    feeds.set(new URL(url).pathname, { body: body({ a: ['x'] }) });
    const read = mappingReader(parseNames);
    const all = await Promise.all([read({ url }, ctx()), read({ url }, ctx()), read({ url }, ctx())]);
    assert.deepEqual(all, [{ a: ['x'] }, { a: ['x'] }, { a: ['x'] }]);
    assert.equal(gets(), 1);
  });

  it('asks again after the refresh interval with If-Modified-Since, keeping the copy on 304', async () => {
    feeds.set(new URL(url).pathname, { body: body({ a: ['x'] }), etag: null, lastModified: LAST_MODIFIED });
    const read = mappingReader(parseNames, { refreshMs: 0 });
    const first = await read({ url }, ctx());
    // The server answers 304 only to a matching If-Modified-Since; a 200 would parse a new object.
    const second = await read({ url }, ctx());
    assert.equal(gets(), 2);
    assert.equal(second, first);
  });

  it('takes a changed mapping at the refresh', async () => {
    feeds.set(new URL(url).pathname, { body: body({ a: ['x'] }), etag: null, lastModified: LAST_MODIFIED });
    const read = mappingReader(parseNames, { refreshMs: 0 });
    await read({ url }, ctx());
    feeds.set(new URL(url).pathname, {
      body: body({ b: ['y'] }),
      etag: null,
      lastModified: 'Tue, 03 Jan 2006 00:00:00 GMT',
    });
    assert.deepEqual(await read({ url }, ctx()), { b: ['y'] });
  });

  for (const failure of [
    { name: 'an error status', feed: { body: 'down', status: 503 } },
    { name: 'a body that is not JSON', feed: { body: '{"data":' } },
    { name: 'JSON the parser rejects', feed: { body: '{"other":1}' } },
  ]) {
    it(`keeps using the copy held, with a warning, when a refresh gets ${failure.name}`, async () => {
      feeds.set(new URL(url).pathname, { body: body({ a: ['x'] }) });
      const read = mappingReader(parseNames, { refreshMs: 0 });
      await read({ url }, ctx());
      feeds.set(new URL(url).pathname, failure.feed);
      const { log, entries } = captureLog();
      assert.deepEqual(await read({ url }, { signal: new AbortController().signal, log }), { a: ['x'] });
      assert.deepEqual(
        entries.map((e) => [e.level, e.msg, e.url]),
        [['warn', 'mapping refresh fail, using the copy held', url]],
      );
    });
  }

  it('fails with an UpstreamError naming the URL and status when there is no copy', async () => {
    feeds.set(new URL(url).pathname, { body: 'down', status: 503 });
    const read = mappingReader(parseNames);
    await assert.rejects(read({ url }, ctx()), (err: Error) => {
      assert.ok(err instanceof UpstreamError, err.name);
      assert.equal(err.message, `mapping ${url} answered 503`);
      return true;
    });
  });

  it('fails with an UpstreamError saying why when the server cannot be reached', async () => {
    const [port] = await freePorts(1);
    const refused = `http://127.0.0.1:${port}/repository-to-cpe.json`;
    await assert.rejects(mappingReader(parseNames)({ url: refused }, ctx()), (err: Error) => {
      assert.ok(err instanceof UpstreamError, err.name);
      assert.ok(err.message.startsWith(`mapping ${refused}: fetch failed (`), err.message);
      assert.match(err.message, /ECONNREFUSED/);
      return true;
    });
  });

  it('asks again on the next read after a failure with no copy', async () => {
    feeds.set(new URL(url).pathname, { body: 'down', status: 503 });
    const read = mappingReader(parseNames);
    await assert.rejects(read({ url }, ctx()), UpstreamError);
    feeds.set(new URL(url).pathname, { body: body({ a: ['x'] }) });
    assert.deepEqual(await read({ url }, ctx()), { a: ['x'] });
    assert.equal(gets(), 2);
  });

  it('fails with an UpstreamError when the server does not answer within the timeout', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const read = mappingReader(parseNames);
      await assert.rejects(
        read({ url: `http://127.0.0.1:${port}/m.json` }, { ...ctx(), timeoutMs: 50 }),
        (err: Error) => {
          assert.ok(err instanceof UpstreamError, err.name);
          assert.match(err.message, /: no answer within 50 ms$/);
          return true;
        },
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('rejects a first answer that is not JSON with an InvalidInputError naming the URL', async () => {
    feeds.set(new URL(url).pathname, { body: '<html>' });
    await assert.rejects(mappingReader(parseNames)({ url }, ctx()), (err: Error) => {
      assert.ok(err instanceof InvalidInputError, err.name);
      assert.match(err.message, new RegExp(`^mapping ${url}: not JSON: `));
      return true;
    });
  });

  it('reads a local file, without any request', async () => {
    const file = join(dir, 'mapping.json');
    writeFileSync(file, body({ f: ['z'] }));
    const before = feeds.requests.length;
    assert.deepEqual(await mappingReader(parseNames)({ file }, ctx()), { f: ['z'] });
    assert.equal(feeds.requests.length, before);
  });

  it('rejects a missing or malformed local file, naming it', async () => {
    const missing = join(dir, 'missing.json');
    await assert.rejects(mappingReader(parseNames)({ file: missing }, ctx()), (err: Error) => {
      assert.ok(err instanceof InvalidInputError, err.name);
      assert.match(err.message, new RegExp(`^mapping file ${missing}: ENOENT`));
      return true;
    });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{');
    await assert.rejects(
      mappingReader(parseNames)({ file: bad }, ctx()),
      new RegExp(`mapping file ${bad}: neither JSON nor gzip, zstd or bzip2 data`),
    );
  });

  it('reads a local file compressed with gzip, zstd or bzip2, told by its first bytes', async () => {
    const json = body({ f: ['z'] });
    for (const [name, bytes] of [
      ['gzip', gzipSync(json)],
      ['zstd', zstdCompressSync(json)],
      ['bzip2', readFileSync(join(import.meta.dirname, 'testdata', 'mapping.json.bz2'))],
    ] as const) {
      // No ending says the compression: only the bytes do.
      const file = join(dir, `mapping-${name}.json`);
      writeFileSync(file, bytes);
      assert.deepEqual(await mappingReader(parseNames)({ file }, ctx()), { f: ['z'] }, name);
    }
  });

  it('rejects a local file that is neither JSON nor compressed JSON, naming it', async () => {
    const cases: [name: string, bytes: Buffer, want: string][] = [
      ['xz', Buffer.from('fd377a585a000004e6d6b446', 'hex'), 'neither JSON nor gzip, zstd or bzip2 data'],
      ['cut-short gzip', gzipSync(body({ f: ['z'] })).subarray(0, 12), 'gzip data is corrupt or cut short'],
      ['gzip of no JSON', gzipSync('not json'), 'not JSON'],
    ];
    for (const [name, bytes, want] of cases) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, bytes);
      await assert.rejects(mappingReader(parseNames)({ file }, ctx()), (err: Error) => {
        assert.ok(err instanceof InvalidInputError, `${name}: ${err.name}`);
        assert.ok(err.message.startsWith(`mapping file ${file}: ${want}`), `${name}: ${err.message}`);
        return true;
      });
    }
  });

  it('uses the file given with a URL until the URL answers', async () => {
    const file = join(dir, 'seed.json');
    writeFileSync(file, body({ seed: ['s'] }));
    feeds.set(new URL(url).pathname, { body: 'down', status: 503 });
    const read = mappingReader(parseNames, { refreshMs: 0 });
    const { log, entries } = captureLog();
    assert.deepEqual(await read({ url, file }, { signal: new AbortController().signal, log }), {
      seed: ['s'],
    });
    assert.equal(entries[0]?.msg, 'mapping refresh fail, using the copy held');
    feeds.set(new URL(url).pathname, { body: body({ a: ['x'] }) });
    assert.deepEqual(await read({ url, file }, ctx()), { a: ['x'] });
  });
});
