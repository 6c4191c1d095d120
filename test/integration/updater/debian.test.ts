// The Debian updater set against a loopback server laid out like deb.debian.org/debian/ and the
// security tracker: release discovery (dists/ index, ranged Release reads, the fallback), the
// conditional fetch and streamed parse of the tracker feed, and whole runs of the update engine
// into a real PostgreSQL.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { debianUpdaterSet } from '../../../lib/ecosystems/debian/updater.ts';
import { InvalidInputError } from '../../../lib/errors.ts';
import { getUpdateOperations } from '../../../lib/updater/store/update-operations.ts';
import type { Vulnerability } from '../../../lib/updater/types.ts';
import { freePort } from '../../helpers/free-port.ts';
import { captureLog } from '../../helpers/log.ts';
import { linkedCount, updaterEngine, withUpdaterContext } from '../../helpers/updater-context.ts';

const TESTDATA = join(import.meta.dirname, '..', '..', 'unit', 'ecosystems', 'debian', 'testdata');
const DISTS = join(TESTDATA, 'mirror', 'dists');
const TRACKER = readFileSync(join(TESTDATA, 'tracker', 'tracker.json'));
const WANT = JSON.parse(readFileSync(join(TESTDATA, 'tracker', 'tracker.want.json'), 'utf8'));
const LAST_MODIFIED = 'Tue, 12 Aug 2025 09:35:02 GMT';

type Request = { readonly method: string; readonly url: string; readonly headers: IncomingHttpHeaders };

/** What the server answers; tests change it to break the mirror or the feed. */
const site = {
  index: readFileSync(join(DISTS, 'index.html'), 'utf8'),
  indexStatus: 200,
  tracker: TRACKER,
  lastModified: LAST_MODIFIED,
};
const requests: Request[] = [];
let origin = '';

const server = createServer((req, res) => {
  requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/debian/dists/') {
    res.writeHead(site.indexStatus, { 'content-type': 'text/html;charset=UTF-8' }).end(site.index);
    return;
  }
  const release = /^\/debian\/dists\/([a-z]+)\/Release$/.exec(path)?.[1];
  if (release !== undefined && existsSync(join(DISTS, release, 'Release'))) {
    sendRanged(res, readFileSync(join(DISTS, release, 'Release')), req.headers.range);
    return;
  }
  if (path === '/tracker/data/json') {
    if (req.headers['if-modified-since'] === site.lastModified) {
      res.writeHead(304).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json', 'last-modified': site.lastModified })
      .end(site.tracker);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
});

/** Answers `Range: bytes=a-b` as Apache does, with 206 and Content-Range; the whole file otherwise. */
function sendRanged(res: ServerResponse, file: Buffer, range: string | undefined): void {
  const match = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
  if (match === null) {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(file);
    return;
  }
  const start = Number(match[1]);
  const end = Math.min(Number(match[2]), file.length - 1);
  res
    .writeHead(206, { 'content-type': 'text/plain', 'content-range': `bytes ${start}-${end}/${file.length}` })
    .end(file.subarray(start, end + 1));
}

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  requests.length = 0;
  site.index = readFileSync(join(DISTS, 'index.html'), 'utf8');
  site.indexStatus = 200;
  site.tracker = TRACKER;
  site.lastModified = LAST_MODIFIED;
});

const config = () => ({ mirror_url: `${origin}/debian/`, json_url: `${origin}/tracker/data/json` });

const releasesOf = async (raw: Record<string, unknown>) =>
  withUpdaterContext(async (ctx, entries) => {
    const [spec, ...more] = await debianUpdaterSet.discover(raw, ctx);
    assert.equal(more.length, 0);
    return { releases: JSON.parse(spec?.params.releases ?? ''), entries };
  });

describe('debian updater set on a loopback mirror', () => {
  it('registers the codenames of dists/ whose Release file states a version', async () => {
    const { releases, entries } = await releasesOf(config());
    assert.deepEqual(releases, { bookworm: '12', bullseye: '11', trixie: '13' });
    assert.deepEqual(
      entries.filter((e) => e.level !== 'debug'),
      [],
    );
  });

  it('reads only the first 513 bytes of each Release file', async () => {
    await releasesOf(config());
    const ranged = requests.filter((r) => r.url.endsWith('/Release'));
    assert.deepEqual(
      ranged.map((r) => [r.method, r.url, r.headers.range]).sort(),
      ['bookworm', 'bullseye', 'forky', 'trixie'].map((c) => [
        'GET',
        `/debian/dists/${c}/Release`,
        'bytes=0-512',
      ]),
    );
  });

  it('skips a listed codename whose Release file is missing', async () => {
    site.index += '<a href="jessie/">jessie/</a>\n';
    const { releases, entries } = await releasesOf(config());
    assert.deepEqual(releases, { bookworm: '12', bullseye: '11', trixie: '13' });
    assert.ok(entries.some((e) => e.msg === 'debian release skip' && e.status === 404));
  });

  it('asks nothing of the mirror when releases are configured', async () => {
    const { releases } = await releasesOf({ ...config(), releases: { bookworm: '12' } });
    assert.deepEqual(releases, { bookworm: '12' });
    assert.deepEqual(requests, []);
  });

  const fallbacks: [name: string, arrange: () => Promise<Record<string, unknown>>][] = [
    [
      'the mirror is down',
      async () => ({ ...config(), mirror_url: `http://127.0.0.1:${await freePort()}/debian/` }),
    ],
    [
      'dists/ answers 500',
      async () => {
        site.indexStatus = 500;
        return config();
      },
    ],
    [
      'dists/ lists no release',
      async () => {
        site.index = '<html><body><a href="sid/">sid/</a><a href="stable/">stable/</a></body></html>';
        return config();
      },
    ],
  ];
  for (const [name, arrange] of fallbacks) {
    it(`falls back to the built-in releases, with a warning, when ${name}`, async () => {
      const { releases, entries } = await releasesOf(await arrange());
      assert.deepEqual(releases, { buster: '10', bullseye: '11', bookworm: '12', trixie: '13' });
      assert.deepEqual(
        entries.filter((e) => e.level === 'warn').map((e) => e.msg),
        ['debian release discovery fallback'],
      );
    });
  }

  it('fails rather than falls back when the run is aborted', async () => {
    const signal = AbortSignal.abort();
    const { log, entries } = captureLog();
    await assert.rejects(debianUpdaterSet.discover(config(), { signal, log, tmpDir: tmpdir() }), {
      name: 'AbortError',
    });
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn'),
      [],
    );
  });

  it('fetches the tracker feed, parses it as a stream, and finds it unchanged next time', async () => {
    await withUpdaterContext(async (ctx) => {
      const [spec] = await debianUpdaterSet.discover(config(), ctx);
      assert.ok(spec !== undefined);
      const updater = debianUpdaterSet.build(spec, config());
      const fetched = await updater.fetch(undefined, ctx);
      assert.ok(!fetched.unchanged);
      assert.equal(fetched.bytes, TRACKER.length);
      const got: Vulnerability[] = [];
      for await (const v of updater.parse(fetched.file, ctx)) got.push(v);
      assert.deepEqual(JSON.parse(JSON.stringify(got)), WANT);

      assert.deepEqual(await updater.fetch(fetched.fingerprint, ctx), { unchanged: true });
      assert.equal(requests.at(-1)?.headers['if-modified-since'], LAST_MODIFIED);
    });
  });

  it('fails to parse a truncated feed with InvalidInputError naming the URL and the byte', async () => {
    site.tracker = TRACKER.subarray(0, 5000);
    await withUpdaterContext(async (ctx) => {
      const updater = debianUpdaterSet.build(
        (await debianUpdaterSet.discover(config(), ctx))[0] ?? assert.fail(),
        {},
      );
      const fetched = await updater.fetch(undefined, ctx);
      assert.ok(!fetched.unchanged);
      const parse = async () => {
        for await (const _ of updater.parse(fetched.file, ctx));
      };
      await assert.rejects(parse, {
        name: InvalidInputError.name,
        message: new RegExp(`^debian tracker feed ${origin}/tracker/data/json: truncated at byte 5000: `),
      });
    });
  });
});

describe('debian updater run by the update engine', () => {
  const NAME = 'debian/updater';
  // Counted here from the document, not by the parser: one record per (package, id, release) for
  // the releases the loopback mirror carries.
  const MIRROR_RELEASES = ['bullseye', 'bookworm', 'trixie'];
  const records = Object.entries(
    JSON.parse(TRACKER.toString('utf8')) as Record<string, Record<string, { releases?: object }>>,
  ).flatMap(([pkg, issues]) =>
    Object.entries(issues).flatMap(([id, issue]) =>
      Object.keys(issue.releases ?? {})
        .filter((codename) => MIRROR_RELEASES.includes(codename))
        .map((codename) => `${pkg} ${id} ${codename}`),
    ),
  );
  const engine = updaterEngine(debianUpdaterSet, NAME, config);
  const { run, operations } = engine;

  it('stores one operation linking a row per (package, id, release) of the mirror releases', async () => {
    const outcome = await run();

    assert.equal(outcome.status, 'updated');
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [outcome.ref],
    );
    assert.equal(records.length, 36);
    assert.equal(engine.entries.find((e) => e.msg === 'update done')?.parsed, records.length);
    assert.equal(await linkedCount(engine.db, outcome.ref ?? ''), records.length);
    const { rows } = await engine.db.query(
      `SELECT DISTINCT dist_id, dist_version, dist_version_code_name, dist_version_id, dist_pretty_name
       FROM matcher.vuln ORDER BY dist_version_id`,
    );
    assert.deepEqual(
      rows,
      [
        ['11', 'bullseye'],
        ['12', 'bookworm'],
        ['13', 'trixie'],
      ].map(([id, codename]) => ({
        dist_id: 'debian',
        dist_version: `${id} (${codename})`,
        dist_version_code_name: codename,
        dist_version_id: id,
        dist_pretty_name: `Debian GNU/Linux ${id} (${codename})`,
      })),
    );
  });

  it('records nothing new when the feed keeps its Last-Modified', async () => {
    const first = await run();
    const second = await run();

    assert.equal(second.status, 'unchanged');
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [first.ref],
    );
    const feedRequests = requests.filter((r) => r.url === '/tracker/data/json');
    assert.equal(feedRequests.at(-1)?.headers['if-modified-since'], LAST_MODIFIED);
  });

  it('rejects a cut-off feed naming it and the byte, and keeps the previous operation', async () => {
    const first = await run();
    site.tracker = TRACKER.subarray(0, 5000);
    site.lastModified = 'Wed, 13 Aug 2025 09:35:02 GMT';

    await assert.rejects(run(), {
      name: InvalidInputError.name,
      message: new RegExp(
        `^updater ${NAME}: debian tracker feed ${origin}/tracker/data/json: truncated at byte 5000: `,
      ),
    });
    const latest = (await getUpdateOperations(engine.db, 'vulnerability', true))[NAME];
    assert.deepEqual(
      latest?.map((o) => o.ref),
      [first.ref],
    );
    assert.equal(await linkedCount(engine.db, first.ref ?? ''), records.length);
    const status = await engine.db.query(
      'SELECT last_run_succeeded FROM matcher.updater_status WHERE updater = $1',
      [NAME],
    );
    assert.deepEqual(status.rows, [{ last_run_succeeded: false }]);
  });
});
