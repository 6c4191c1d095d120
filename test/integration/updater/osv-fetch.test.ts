// The osv and ubuntu updater sets against a loopback server laid out like the OSV bucket
// (`<Ecosystem>/all.zip` with an ETag): conditional fetch, spooling, and parse of the spool.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { osvUpdaterSet } from '../../../lib/ecosystems/osv/updater.ts';
import { ubuntuUpdaterSet } from '../../../lib/ecosystems/ubuntu/updater.ts';
import { UpstreamError } from '../../../lib/errors.ts';
import type {
  Updater,
  UpdaterContext,
  UpdaterSetFactory,
  Vulnerability,
} from '../../../lib/updater/types.ts';
import { withUpdaterContext } from '../../helpers/updater-context.ts';
import { advisoryEntries, TESTDATA, writeZip } from '../../unit/ecosystems/osv/zip-fixture.ts';

const UBUNTU_TESTDATA = join(
  import.meta.dirname,
  '..',
  '..',
  'unit',
  'ecosystems',
  'ubuntu',
  'testdata',
  'osv',
);

/** The bucket's objects by path; tests change them. */
const bucket = new Map<string, Buffer>();
const requests: { path: string; ifNoneMatch: string | undefined }[] = [];
let status = 200;
let root = '';

const etag = (body: Buffer): string => `"${createHash('md5').update(body).digest('hex')}"`;

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const ifNoneMatch = req.headers['if-none-match'];
  requests.push({ path, ifNoneMatch });
  const body = bucket.get(path);
  if (status !== 200 || body === undefined) {
    res.writeHead(status === 200 ? 404 : status, { 'content-type': 'application/xml' }).end('<Error/>');
    return;
  }
  if (ifNoneMatch === etag(body)) {
    res.writeHead(304, { etag: etag(body) }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/zip', etag: etag(body) }).end(body);
});

let tmp = '';
const zips: Record<string, Buffer> = {};

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  root = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  tmp = await mkdtemp(join(tmpdir(), 'clairless-osv-fetch-'));
  for (const [name, dir] of [
    ['PyPI', join(TESTDATA, 'pypi')],
    ['Go', join(TESTDATA, 'go')],
    ['Ubuntu', UBUNTU_TESTDATA],
  ] as const) {
    const file = join(tmp, `${name}.zip`);
    await writeZip(file, await advisoryEntries(dir));
    zips[name] = await readFile(file);
  }
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  bucket.clear();
  for (const [name, body] of Object.entries(zips)) bucket.set(`/${name}/all.zip`, body);
  requests.length = 0;
  status = 200;
});

async function updater(
  set: UpdaterSetFactory,
  config: Record<string, unknown>,
  ctx: UpdaterContext,
): Promise<Updater> {
  const [spec] = await set.discover(config, ctx);
  assert.ok(spec !== undefined);
  return set.build(spec, config);
}

async function parseAll(u: Updater, file: string, ctx: UpdaterContext): Promise<Vulnerability[]> {
  const out: Vulnerability[] = [];
  for await (const v of u.parse(file, ctx)) out.push(v);
  return out;
}

describe('osv updater fetch', () => {
  it("spools the ecosystem's all.zip and keeps its ETag as the fingerprint", () =>
    withUpdaterContext(async (ctx) => {
      const u = await updater(osvUpdaterSet, { url: root, allowlist: ['PyPI'] }, ctx);

      const got = await u.fetch(undefined, ctx);

      assert.ok(!got.unchanged);
      assert.deepEqual(await readFile(got.file), zips.PyPI);
      assert.equal(got.bytes, zips.PyPI?.length);
      assert.equal(JSON.parse(got.fingerprint).etag, etag(zips.PyPI ?? Buffer.alloc(0)));
      assert.deepEqual(requests, [{ path: '/PyPI/all.zip', ifNoneMatch: undefined }]);
    }));

  it('answers unchanged when the bucket answers 304 to the last fingerprint', () =>
    withUpdaterContext(async (ctx) => {
      const u = await updater(osvUpdaterSet, { url: root, allowlist: ['PyPI'] }, ctx);
      const first = await u.fetch(undefined, ctx);
      assert.ok(!first.unchanged);

      const second = await u.fetch(first.fingerprint, ctx);

      assert.deepEqual(second, { unchanged: true });
      assert.equal(requests[1]?.ifNoneMatch, etag(zips.PyPI ?? Buffer.alloc(0)));
    }));

  it('fetches again when the dump changed', () =>
    withUpdaterContext(async (ctx) => {
      const u = await updater(osvUpdaterSet, { url: root, allowlist: ['PyPI'] }, ctx);
      const first = await u.fetch(undefined, ctx);
      assert.ok(!first.unchanged);
      bucket.set('/PyPI/all.zip', zips.Go ?? Buffer.alloc(0));

      const second = await u.fetch(first.fingerprint, ctx);

      assert.ok(!second.unchanged);
      assert.deepEqual(await readFile(second.file), zips.Go);
    }));

  it('parses the spooled dump', () =>
    withUpdaterContext(async (ctx) => {
      const u = await updater(osvUpdaterSet, { url: root, allowlist: ['Go'] }, ctx);
      const fetched = await u.fetch(undefined, ctx);
      assert.ok(!fetched.unchanged);

      const got = await parseAll(u, fetched.file, ctx);

      const want: unknown = JSON.parse(await readFile(join(TESTDATA, 'go.want.json'), 'utf8'));
      assert.deepEqual(JSON.parse(JSON.stringify(got)), want);
    }));

  it('fails with UpstreamError when the dump is missing', () =>
    withUpdaterContext(async (ctx) => {
      const u = await updater(osvUpdaterSet, { url: root, allowlist: ['crates.io'] }, ctx);

      await assert.rejects(
        u.fetch(undefined, ctx),
        (err: Error) => err instanceof UpstreamError && /answered 404/.test(err.message),
      );
    }));

  it('fails with UpstreamError when the bucket fails', () =>
    withUpdaterContext(async (ctx) => {
      status = 503;
      const u = await updater(osvUpdaterSet, { url: root, allowlist: ['PyPI'] }, ctx);

      await assert.rejects(u.fetch(undefined, ctx), UpstreamError);
    }));
});

describe('ubuntu updater fetch', () => {
  it("spools Ubuntu's all.zip, then answers unchanged, then parses the spool", () =>
    withUpdaterContext(async (ctx) => {
      const u = await updater(ubuntuUpdaterSet, { url: `${root}/Ubuntu/all.zip` }, ctx);
      const first = await u.fetch(undefined, ctx);
      assert.ok(!first.unchanged);

      assert.deepEqual(await u.fetch(first.fingerprint, ctx), { unchanged: true });
      const got = await parseAll(u, first.file, ctx);

      const want: unknown = JSON.parse(await readFile(join(UBUNTU_TESTDATA, '..', 'osv.want.json'), 'utf8'));
      assert.deepEqual(JSON.parse(JSON.stringify(got)), want);
    }));
});
