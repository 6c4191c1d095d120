// The Alpine updater set against a loopback server laid out like secdb.alpinelinux.org:
// release probing by HEAD, repository discovery, conditional fetch (ETag) and parse, and whole
// runs of the update engine into a real PostgreSQL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { alpineUpdaterSet } from '../../../lib/ecosystems/alpine/updater.ts';
import { InvalidInputError, UpstreamError } from '../../../lib/errors.ts';
import { getUpdateDiff } from '../../../lib/updater/store/update-diff.ts';
import { getUpdateOperations } from '../../../lib/updater/store/update-operations.ts';
import type { UpdaterSpec, Vulnerability } from '../../../lib/updater/types.ts';
import type { WireVulnerability } from '../../../lib/updater/wire-vulnerability.ts';
import { freePort } from '../../helpers/free-port.ts';
import { linkedCount, updaterEngine, withUpdaterContext } from '../../helpers/updater-context.ts';
import { SECDB_TESTDATA, secdbJson } from '../../unit/ecosystems/alpine/secdb-yaml.ts';

/** The site's documents by path; edge serves claircore's real JSON excerpt. */
const DOCUMENTS: Readonly<Record<string, string>> = {
  'v3.3/community.json': secdbJson('v3.3/community.yaml'),
  'v3.4/community.json': secdbJson('v3.4/community.yaml'),
  'v3.6/main.json': secdbJson('v3.6/main.yaml'),
  'edge/community.json': readFileSync(join(SECDB_TESTDATA, 'claircore-v3.10-community.json'), 'utf8'),
};

/** What the server answers; tests change it. v3.5/ exists upstream with no document we keep. */
const site = {
  folders: new Set(['v3.3', 'v3.4', 'v3.5', 'v3.6', 'edge']),
  documents: { ...DOCUMENTS },
  status: 200,
};
const requests: { method: string; path: string; ifNoneMatch: string | undefined }[] = [];
let base = '';

const etag = (body: string): string => `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
  const ifNoneMatch = req.headers['if-none-match'];
  requests.push({ method: req.method ?? '', path, ifNoneMatch });
  if (site.status !== 200) {
    res.writeHead(site.status).end();
    return;
  }
  const folder = /^([^/]+)\/$/.exec(path)?.[1];
  if (folder !== undefined && site.folders.has(folder)) {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<html><body><h1>Index of /${folder}/</h1></body></html>`);
    return;
  }
  const document = site.documents[path];
  if (document === undefined || !site.folders.has(path.split('/')[0] ?? '')) {
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 Not Found</h1>');
    return;
  }
  if (ifNoneMatch === etag(document)) {
    res.writeHead(304).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', etag: etag(document) }).end(document);
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  requests.length = 0;
  site.folders = new Set(['v3.3', 'v3.4', 'v3.5', 'v3.6', 'edge']);
  site.documents = { ...DOCUMENTS };
  site.status = 200;
});

const discover = (raw: Record<string, unknown> = { url: base }): Promise<UpdaterSpec[]> =>
  withUpdaterContext((ctx) => alpineUpdaterSet.discover(raw, ctx));

const folderProbes = () => requests.filter((r) => r.path.endsWith('/')).map((r) => `${r.method} ${r.path}`);

describe('alpine updater set on a loopback secdb', () => {
  it('makes one updater per release and repository whose document exists', async () => {
    const specs = await discover();
    assert.deepEqual(specs, [
      spec('community', 'v3.3'),
      spec('community', 'v3.4'),
      spec('main', 'v3.6'),
      spec('community', 'edge'),
    ]);
  });

  it('probes minors up to the first 404 after a hit, then majors up to a 404 with no hit', async () => {
    await discover();
    assert.deepEqual(folderProbes(), [
      'HEAD v3.3/',
      'HEAD v3.4/',
      'HEAD v3.5/',
      'HEAD v3.6/',
      'HEAD v3.7/',
      'HEAD v4.0/',
    ]);
  });

  it('goes on to the next major after a hit, starting at its minor 0', async () => {
    site.folders = new Set(['v3.3', 'v3.4', 'v4.0', 'v4.1']);
    site.documents = { 'v4.1/main.json': DOCUMENTS['v3.6/main.json'] ?? '' };
    const specs = await discover();
    assert.deepEqual(folderProbes(), [
      'HEAD v3.3/',
      'HEAD v3.4/',
      'HEAD v3.5/',
      'HEAD v4.0/',
      'HEAD v4.1/',
      'HEAD v4.2/',
      'HEAD v5.0/',
    ]);
    assert.deepEqual(specs, [spec('main', 'v4.1')]);
  });

  it('checks main and community of every release found, and of edge, with HEAD', async () => {
    await discover();
    const documents = requests.filter((r) => r.path.endsWith('.json'));
    assert.deepEqual(documents.map((r) => `${r.method} ${r.path}`).sort(), [
      'HEAD edge/community.json',
      'HEAD edge/main.json',
      'HEAD v3.3/community.json',
      'HEAD v3.3/main.json',
      'HEAD v3.4/community.json',
      'HEAD v3.4/main.json',
      'HEAD v3.5/community.json',
      'HEAD v3.5/main.json',
      'HEAD v3.6/community.json',
      'HEAD v3.6/main.json',
    ]);
  });

  it('finds only edge when v3.3/ is missing', async () => {
    site.folders = new Set(['v3.4', 'edge']);
    assert.deepEqual(await discover(), [spec('community', 'edge')]);
    assert.deepEqual(folderProbes(), ['HEAD v3.3/']);
  });

  it('asks nothing of the secdb when releases are configured', async () => {
    const specs = await discover({ url: base, releases: ['v3.4'] });
    assert.deepEqual(specs, [spec('main', 'v3.4'), spec('community', 'v3.4')]);
    assert.deepEqual(requests, []);
  });

  it('fails with UpstreamError when the secdb answers neither 200 nor 404', async () => {
    site.status = 503;
    await assert.rejects(discover(), {
      name: UpstreamError.name,
      message: `alpine secdb ${base}v3.3/ answered 503 to HEAD: want 200 or 404`,
    });
  });

  it('fails with UpstreamError when the secdb is down', async () => {
    const url = `http://127.0.0.1:${await freePort()}/`;
    await assert.rejects(discover({ url }), {
      name: UpstreamError.name,
      message: new RegExp(`^alpine secdb ${url}v3\\.3/: `),
    });
  });

  it('fetches and parses each document, and finds it unchanged by its ETag next time', async () => {
    const want = JSON.parse(readFileSync(join(SECDB_TESTDATA, 'v3.4', 'community.want.json'), 'utf8'));
    await withUpdaterContext(async (ctx) => {
      const updater = alpineUpdaterSet.build(spec('community', 'v3.4'), { url: base });
      const fetched = await updater.fetch(undefined, ctx);
      assert.ok(!fetched.unchanged);
      const got: Vulnerability[] = [];
      for await (const v of updater.parse(fetched.file, ctx)) got.push(v);
      assert.deepEqual(JSON.parse(JSON.stringify(got)), want);

      assert.deepEqual(await updater.fetch(fetched.fingerprint, ctx), { unchanged: true });
      assert.equal(requests.at(-1)?.ifNoneMatch, etag(DOCUMENTS['v3.4/community.json'] ?? ''));
    });
  });

  it('parses edge as Alpine Linux edge', async () => {
    await withUpdaterContext(async (ctx) => {
      const updater = alpineUpdaterSet.build(spec('community', 'edge'), {});
      const fetched = await updater.fetch(undefined, ctx);
      assert.ok(!fetched.unchanged);
      const got: Vulnerability[] = [];
      for await (const v of updater.parse(fetched.file, ctx)) got.push(v);
      assert.equal(got.length, 9);
      assert.ok(got.every((v) => v.dist?.prettyName === 'Alpine Linux edge'));
    });
  });

  it('fails to parse a malformed document with InvalidInputError naming its URL', async () => {
    site.documents['v3.4/community.json'] =
      '{"packages":[{"pkg":{"name":"webkit2gtk","secfixes":{"2.12.5-r0":"CVE-2016-4622"}}}]}';
    await withUpdaterContext(async (ctx) => {
      const updater = alpineUpdaterSet.build(spec('community', 'v3.4'), {});
      const fetched = await updater.fetch(undefined, ctx);
      assert.ok(!fetched.unchanged);
      const parse = async () => {
        for await (const _ of updater.parse(fetched.file, ctx));
      };
      await assert.rejects(parse, {
        name: InvalidInputError.name,
        message: `alpine secdb ${base}v3.4/community.json: packages[0].pkg.secfixes["2.12.5-r0"]: want a list of ids, got "CVE-2016-4622"`,
      });
    });
  });
});

describe('alpine updaters run by the update engine', () => {
  const NAME = 'alpine-main-v3.6-updater';
  const DOCUMENT = DOCUMENTS['v3.6/main.json'] ?? '';
  // Counted here from the document, not by the parser: one record per id of each fixed version.
  const ids = (
    JSON.parse(DOCUMENT).packages as { pkg: { name: string; secfixes: Record<string, string[] | null> } }[]
  ).flatMap(({ pkg }) =>
    Object.entries(pkg.secfixes).flatMap(([fixed, list]) =>
      (list ?? []).map((id) => `${pkg.name} ${fixed} ${id}`),
    ),
  );
  const config = () => ({ url: base, releases: ['v3.6'] });
  const engine = updaterEngine(alpineUpdaterSet, NAME, config);
  const { run, operations } = engine;

  it('stores one operation linking a row per distinct record of the document', async () => {
    const outcome = await run();

    assert.equal(outcome.status, 'updated');
    assert.deepEqual(
      (await operations()).map((o) => o.ref),
      [outcome.ref],
    );
    // v3.6/main lists ffmpeg 3.2.7-r0 CVE-2017-11665 twice: one row, since rows are content-addressed.
    assert.equal(ids.length, 898);
    assert.equal(new Set(ids).size, 897);
    assert.equal(engine.entries.find((e) => e.msg === 'update done')?.parsed, ids.length);
    assert.equal(await linkedCount(engine.db, outcome.ref ?? ''), new Set(ids).size);
    const { rows } = await engine.db.query(
      'SELECT DISTINCT dist_id, dist_name, dist_version, dist_pretty_name FROM matcher.vuln',
    );
    assert.deepEqual(rows, [
      {
        dist_id: 'alpine',
        dist_name: 'Alpine Linux',
        dist_version: '3.6',
        dist_pretty_name: 'Alpine Linux v3.6',
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
    assert.equal(requests.at(-1)?.ifNoneMatch, etag(DOCUMENT));
  });

  it('makes a new operation for a changed document, whose diff is exactly what changed', async () => {
    const prev = await run();
    // The next day's secdb: the first package's advisories are withdrawn, and another package
    // gets a new fixed version listing two ids.
    type Secdb = { packages: { pkg: { name: string; secfixes: Record<string, string[] | null> } }[] };
    const next = JSON.parse(DOCUMENT) as Secdb;
    const [gone, grown] = [next.packages[0]?.pkg, next.packages[5]?.pkg];
    assert.ok(gone !== undefined && grown !== undefined);
    const removed = Object.entries(gone.secfixes).flatMap(([fixed, list]) =>
      (list ?? []).map((id) => `${gone.name} ${fixed} ${id}`),
    );
    gone.secfixes = {};
    grown.secfixes['99.0-r0'] = ['CVE-2026-0001', 'CVE-2026-0002'];
    site.documents['v3.6/main.json'] = JSON.stringify(next);

    const cur = await run();
    assert.equal(cur.status, 'updated');
    assert.equal((await operations()).length, 2);
    const diff = await getUpdateDiff(engine.db, cur.ref ?? '', prev.ref ?? '');
    const names = (list: readonly WireVulnerability[] | null) =>
      (list ?? []).map((v) => `${v.package.name} ${v.fixed_in_version} ${v.name}`).sort();
    assert.deepEqual(names(diff.added), [
      `${grown.name} 99.0-r0 CVE-2026-0001`,
      `${grown.name} 99.0-r0 CVE-2026-0002`,
    ]);
    assert.ok(removed.length > 0);
    assert.deepEqual(names(diff.removed), [...new Set(removed)].sort());
  });

  it('rejects a cut-off document naming it and the byte, and keeps the previous operation', async () => {
    const first = await run();
    site.documents['v3.6/main.json'] = DOCUMENT.slice(0, 20_000);

    await assert.rejects(run(), {
      name: InvalidInputError.name,
      message: new RegExp(
        `^updater ${NAME}: alpine secdb ${base}v3\\.6/main\\.json: truncated at byte 20000: `,
      ),
    });
    const latest = (await getUpdateOperations(engine.db, 'vulnerability', true))[NAME];
    assert.deepEqual(
      latest?.map((o) => o.ref),
      [first.ref],
    );
    assert.equal(await linkedCount(engine.db, first.ref ?? ''), new Set(ids).size);
    const status = await engine.db.query(
      `SELECT last_run_succeeded FROM matcher.updater_status WHERE updater = $1`,
      [NAME],
    );
    assert.deepEqual(status.rows, [{ last_run_succeeded: false }]);
  });
});

function spec(repo: 'main' | 'community', release: string): UpdaterSpec {
  return {
    set: 'alpine',
    name: `alpine-${repo}-${release}-updater`,
    params: { url: `${base}${release}/${repo}.json`, release },
  };
}
