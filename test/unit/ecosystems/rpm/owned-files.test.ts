import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TAG } from '../../../../lib/ecosystems/rpm/header.ts';
import { rpmOwnedFiles, wantsRpmDatabase } from '../../../../lib/ecosystems/rpm/owned-files.ts';
import { rpmScanner } from '../../../../lib/ecosystems/rpm/package-scanner.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { type EntrySpec, layerOf } from '../../indexer/layer-dir.ts';
import { buildOwnerDatabases, type OwnerDatabases } from './owned-files-fixtures.ts';
import { ndbFile, rpmToolsInstalled, SKIP_MESSAGE } from './rpmdb-fixtures.ts';

const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
const owner = { wants: wantsRpmDatabase };
const layer = (entries: [string, EntrySpec][]) => layerOf(owner, entries);

// The files of clairless-owner a language scanner could read; rpm -ql lists more (folders, docs).
const OWNED = [
  'opt/clairless/lib/python3.9/site-packages/qux.egg-info/PKG-INFO',
  'usr/bin/sub',
  'usr/bin/tool',
  'usr/lib/golang/pkg/tool/vet',
  'usr/lib/node_modules/baz/package.json',
  'usr/lib/python3.9/site-packages/foo.egg-info/PKG-INFO',
  'usr/libexec/tool/helper',
  'usr/share/gems/specifications/bar-1.0.gemspec',
  'usr/share/java/lib.jar',
];

type Tag = { tag: number; strings?: readonly string[]; int32s?: readonly number[] };

/** An rpm header blob as rpm stores it: count, data length, 16-byte index entries, data. */
function headerBlob(tags: readonly Tag[]): Buffer {
  const index: Buffer[] = [];
  const data: Buffer[] = [];
  let length = 0;
  for (const t of tags) {
    const entry = Buffer.alloc(16);
    let bytes: Buffer;
    if (t.int32s !== undefined) {
      const pad = (4 - (length % 4)) % 4;
      data.push(Buffer.alloc(pad));
      length += pad;
      bytes = Buffer.alloc(4 * t.int32s.length);
      t.int32s.forEach((n, i) => {
        bytes.writeInt32BE(n, 4 * i);
      });
      entry.writeUInt32BE(4, 4);
      entry.writeUInt32BE(t.int32s.length, 12);
    } else {
      const strings = t.strings ?? [];
      bytes = Buffer.from(strings.map((s) => `${s}\0`).join(''));
      entry.writeUInt32BE(t.tag === TAG.name ? 6 : 8, 4);
      entry.writeUInt32BE(strings.length, 12);
    }
    entry.writeUInt32BE(t.tag, 0);
    entry.writeInt32BE(length, 8);
    index.push(entry);
    data.push(bytes);
    length += bytes.length;
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(tags.length, 0);
  head.writeUInt32BE(length, 4);
  return Buffer.concat([head, ...index, ...data]);
}

/** A header whose one basenames tag counts more names than its data holds, as a crafted database could. */
function countedPastItsData(): Buffer {
  const blob = headerBlob([{ tag: TAG.baseNames, strings: ['tool'] }]);
  blob.writeUInt32BE(0xffffffff, 8 + 12);
  return blob;
}

describe('rpm owned files', () => {
  let dir: string;
  let dbs: OwnerDatabases | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'clairless-owned-'));
    if (!skip) dbs = buildOwnerDatabases();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    dbs?.cleanup();
  });

  /** An ndb Packages.db holding these header blobs, on disk. */
  const ndb = (name: string, headers: readonly Buffer[]): string => {
    const path = join(dir, name);
    writeFileSync(path, ndbFile(headers));
    return path;
  };
  const scanWithLog = async (entries: [string, EntrySpec][]) => {
    const { log, entries: logged } = captureLog();
    const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(10_000), log };
    return { owned: await rpmOwnedFiles(layer(entries), ctx), logged };
  };

  it('wants the entries the rpm package scanner wants', () => {
    for (const [path, type] of [
      ['var/lib/rpm/rpmdb.sqlite', 'file'],
      ['var/lib/rpm/Packages', 'file'],
      ['usr/lib/sysimage/rpm/Packages.db', 'file'],
      ['var/lib/rpm/Packages', 'dir'],
      ['var/lib/rpm/rpmdb.sqlite-wal', 'file'],
      ['usr/bin/tool', 'file'],
    ] as const) {
      assert.equal(wantsRpmDatabase(path, type), rpmScanner.wants(path, type), path);
    }
    assert.equal(wantsRpmDatabase('var/lib/rpm/rpmdb.sqlite', 'file'), 'file');
    assert.equal(wantsRpmDatabase('usr/bin/tool', 'file'), 'none');
  });

  for (const kind of ['sqlite', 'bdb'] as const) {
    it(`owns the files rpm -ql lists for a ${kind} database, within the language scanners' paths`, {
      skip,
    }, async () => {
      const db = (dbs as OwnerDatabases)[kind];
      const name = kind === 'sqlite' ? 'rpmdb.sqlite' : 'Packages';
      const owned = await rpmOwnedFiles(layer([[`var/lib/rpm/${name}`, { from: db }]]));
      const listed = (dbs as OwnerDatabases).rpmFiles(db);
      assert.deepEqual([...owned].sort(), OWNED);
      assert.deepEqual(
        listed.filter((p) => owned.has(p)),
        OWNED,
      );
      assert.ok(listed.includes('usr/share/doc/clairless-owner/README'));
      assert.ok(listed.includes('usr/bin/sub/deep'));
    });
  }

  it('reads a database wherever in the layer it is', { skip }, async () => {
    const db = (dbs as OwnerDatabases).sqlite;
    const owned = await rpmOwnedFiles(layer([['usr/lib/sysimage/rpm/rpmdb.sqlite', { from: db }]]));
    assert.deepEqual([...owned].sort(), OWNED);
  });

  it('owns nothing in a layer without an rpm database', async () => {
    const owned = await rpmOwnedFiles(layer([['usr/bin/tool', 'tool']]));
    assert.equal(owned.size, 0);
  });

  it('is computed once per layer: concurrent callers share one answer', { skip }, async () => {
    const files = layer([['var/lib/rpm/rpmdb.sqlite', { from: (dbs as OwnerDatabases).sqlite }]]);
    const first = rpmOwnedFiles(files);
    assert.equal(rpmOwnedFiles(files), first);
    assert.equal(await first, await rpmOwnedFiles(files));
  });

  const paths: [string, boolean][] = [
    ['/usr/share/java/a.jar', true],
    ['/opt/app/b.war', true],
    ['/opt/app/c.ear', true],
    ['/opt/app/d.car', false],
    ['/usr/lib/python3.6/site-packages/e.egg-info/PKG-INFO', true],
    ['/usr/lib/python3.6/site-packages/e.egg-info/SOURCES.txt', false],
    ['/usr/lib/python3.6/site-packages/e.dist-info/METADATA', false],
    ['/usr/lib/node_modules/f/package.json', true],
    ['/usr/lib/node_modules/f/package.jsonx', false],
    ['/usr/share/gems/specifications/g-1.0.gemspec', true],
    ['/usr/sbin/h', true],
    ['/usr/bin/i', true],
    ['/usr/local/bin/j', false],
    ['/bin/k', false],
    ['/usr/libexec/l/m', true],
    ['/usr/libexec/n', false],
    ['/usr/libexec/l/o/p', false],
    ['/usr/lib/golang/bin/go', true],
    ['/usr/lib/golang/q', false],
    ['/etc/r.conf', false],
  ];
  it('reads the full file names of older headers, and keeps only the language scanners’ paths', async () => {
    const header = headerBlob([
      { tag: TAG.name, strings: ['legacy'] },
      { tag: TAG.fileNames, strings: paths.map(([p]) => p) },
    ]);
    const owned = await rpmOwnedFiles(
      layer([['var/lib/rpm/Packages.db', { from: ndb('legacy', [header]) }]]),
    );
    assert.deepEqual(
      [...owned].sort(),
      paths
        .filter(([, own]) => own)
        .map(([p]) => p.slice(1))
        .sort(),
    );
  });

  it('joins directory and base names through the directory indexes', async () => {
    const header = headerBlob([
      { tag: TAG.name, strings: ['split'] },
      { tag: TAG.dirIndexes, int32s: [1, 0, 1] },
      { tag: TAG.baseNames, strings: ['tool', 'a.jar', 'other'] },
      { tag: TAG.dirNames, strings: ['/opt/', '/usr/bin/'] },
    ]);
    const owned = await rpmOwnedFiles(layer([['var/lib/rpm/Packages.db', { from: ndb('split', [header]) }]]));
    assert.deepEqual([...owned].sort(), ['opt/a.jar', 'usr/bin/other', 'usr/bin/tool']);
  });

  const broken: { name: string; headers: Buffer[]; reason: RegExp }[] = [
    { name: 'a header too short', headers: [Buffer.from('garbage')], reason: /header 1: .*too short/ },
    {
      name: 'a directory index out of range',
      headers: [
        headerBlob([
          { tag: TAG.name, strings: ['bad'] },
          { tag: TAG.dirIndexes, int32s: [2] },
          { tag: TAG.baseNames, strings: ['tool'] },
          { tag: TAG.dirNames, strings: ['/usr/bin/'] },
        ]),
      ],
      reason: /header 1: dirindex 2 is out of range/,
    },
    {
      name: 'fewer directory indexes than base names',
      headers: [
        headerBlob([
          { tag: TAG.name, strings: ['bad'] },
          { tag: TAG.dirIndexes, int32s: [0] },
          { tag: TAG.baseNames, strings: ['tool', 'other'] },
          { tag: TAG.dirNames, strings: ['/usr/bin/'] },
        ]),
      ],
      reason: /2 basenames but 1 dirindexes/,
    },
    {
      name: 'a basename count past its data',
      headers: [countedPastItsData()],
      reason: /header 1: rpm header tag 1117: 4294967295 values: more than 1000000/,
    },
  ];
  for (const b of broken) {
    it(`owns nothing, warning once, for a database with ${b.name}`, async () => {
      const { log, entries: logged } = captureLog();
      const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(10_000), log };
      const files = layer([['var/lib/rpm/Packages.db', { from: ndb(b.name, b.headers) }]]);
      assert.equal((await rpmOwnedFiles(files, ctx)).size, 0);
      assert.equal((await rpmOwnedFiles(files, ctx)).size, 0);
      const warnings = logged.filter((e) => e.level === 'warn');
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.msg, 'rpm file ownership skipped');
      assert.match(String(warnings[0]?.reason), b.reason);
    });
  }

  it('fails, rather than owning nothing, when a database cannot be read for a reason not in the layer', async () => {
    // A folder where the database's bytes should be: reading it fails with EISDIR, an I/O error.
    const files = layer([['var/lib/rpm/Packages.db', { from: dir }]]);
    await assert.rejects(rpmOwnedFiles(files), (err: NodeJS.ErrnoException) => err.code === 'EISDIR');
  });

  it('owns nothing, without a warning, for a file named Packages that is not a database', async () => {
    const path = join(dir, 'Packages');
    writeFileSync(path, 'Package: dpkg\nVersion: 1.21.22\n');
    const { owned, logged } = await scanWithLog([['var/lib/apt/lists/Packages', { from: path }]]);
    assert.equal(owned.size, 0);
    assert.deepEqual(logged, []);
  });
});
