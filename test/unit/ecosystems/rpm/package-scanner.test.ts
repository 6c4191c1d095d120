import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { rpmScanner } from '../../../../lib/ecosystems/rpm/package-scanner.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import type { ScannedPackage } from '../../../../lib/indexer/types.ts';
import { type EntrySpec, layerOf, layerOfDir } from '../../indexer/layer-dir.ts';
import {
  buildRpmFixtures,
  type RpmFixtures,
  rpmQueryAll,
  rpmToolsInstalled,
  SKIP_MESSAGE,
} from './rpmdb-fixtures.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
const want: ScannedPackage[] = JSON.parse(readFileSync(join(TESTDATA, 'packages.want.json'), 'utf8'));
const wantIn = (packageDb: string): ScannedPackage[] => want.map((p) => ({ ...p, packageDb }));
const scan = (entries: [string, EntrySpec][]) => rpmScanner.scan(layerOf(rpmScanner, entries));

/** A package as rpm -qa prints it with QUERY_FORMAT, for comparing with rpm's own answer. */
const asQueryLine = (p: ScannedPackage, sourceRpm: string, label: string): string => {
  const [, epoch = '(none)', vr] = /^(?:(\d+):)?(.*)$/.exec(p.version) ?? [];
  return `${p.name} ${epoch} ${vr} ${p.arch} ${sourceRpm} ${label}`;
};

describe('rpm package scanner', () => {
  it('is the package scanner rpm, version 10', () => {
    assert.deepEqual([rpmScanner.name, rpmScanner.version, rpmScanner.kind], ['rpm', '10', 'package']);
  });

  const wants: { path: string; type: 'file' | 'dir' | 'symlink'; want: string }[] = [
    { path: 'var/lib/rpm/rpmdb.sqlite', type: 'file', want: 'file' },
    { path: 'var/lib/rpm/Packages', type: 'file', want: 'file' },
    { path: 'usr/lib/sysimage/rpm/Packages.db', type: 'file', want: 'file' },
    { path: 'Packages', type: 'file', want: 'file' },
    { path: 'var/lib/rpm/Packages', type: 'dir', want: 'none' },
    { path: 'var/lib/rpm/Packages', type: 'symlink', want: 'none' },
    { path: 'var/lib/rpm/rpmdb.sqlite-wal', type: 'file', want: 'none' },
    { path: 'var/lib/rpm/Name', type: 'file', want: 'none' },
    { path: 'var/lib/rpm/Index.db', type: 'file', want: 'none' },
  ];
  for (const w of wants) {
    it(`wants ${w.type} ${w.path} as ${w.want}`, () =>
      assert.equal(rpmScanner.wants(w.path, w.type), w.want));
  }

  // A Debian package index is a real file named Packages (here a dpkg status paragraph).
  const debian = join(import.meta.dirname, '..', 'debian', 'testdata', 'dpkg', 'debian-only.status');
  let empty: string;
  before(() => {
    empty = join(mkdtempSync(join(tmpdir(), 'clairless-rpm-')), 'empty');
    writeFileSync(empty, '');
  });
  after(() => rmSync(dirname(empty), { recursive: true, force: true }));

  for (const name of ['Packages', 'Packages.db', 'rpmdb.sqlite']) {
    it(`ignores a file named ${name} that is not a database`, async () => {
      assert.deepEqual(await scan([[`var/lib/apt/lists/${name}`, { from: debian }]]), []);
      assert.deepEqual(await scan([[`var/lib/rpm/${name}`, { from: empty }]]), []);
    });
  }

  it('reports nothing for a layer without an rpm database', async () => {
    assert.deepEqual(await scan([['etc/os-release', 'ID=fedora\n']]), []);
  });
});

describe('rpm package scanner on real databases', { skip }, () => {
  let fx: RpmFixtures;
  before(() => {
    fx = buildRpmFixtures();
  });
  after(() => fx?.cleanup());

  /** A layer root holding a copy of the database of kind at path, changed by change. */
  const layerWith = (
    kind: 'sqlite' | 'bdb' | 'ndb',
    path: string,
    change: (file: string) => void = () => {},
  ): string => {
    const from = { sqlite: 'rpmdb.sqlite', bdb: 'Packages', ndb: 'Packages.db' }[kind];
    const root = fx.scratch();
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    copyFileSync(join(fx.roots[kind], 'var/lib/rpm', from), file);
    change(file);
    return root;
  };
  const rejectsNaming = async (root: string, db: string, message?: RegExp) => {
    await assert.rejects(rpmScanner.scan(layerOfDir(rpmScanner, root)), (err: Error) => {
      assert.ok(err instanceof InvalidInputError, `${err.name}: ${err.message}`);
      assert.ok(err.message.includes(db), `"${err.message}" does not name ${db}`);
      if (message !== undefined) assert.match(err.message, message);
      return true;
    });
  };

  const kinds: { kind: 'sqlite' | 'bdb' | 'ndb'; db: string }[] = [
    { kind: 'sqlite', db: 'sqlite:var/lib/rpm' },
    { kind: 'bdb', db: 'bdb:var/lib/rpm' },
    { kind: 'ndb', db: 'ndb:var/lib/rpm' },
  ];
  for (const { kind, db } of kinds) {
    it(`reports the packages of a ${kind} database, named ${db}`, async () => {
      assert.deepEqual(await rpmScanner.scan(layerOfDir(rpmScanner, fx.roots[kind])), wantIn(db));
    });
  }

  // ndb is left out: Debian's rpm cannot read it.
  for (const { kind, backend } of [
    { kind: 'sqlite', backend: 'sqlite' },
    { kind: 'bdb', backend: 'bdb_ro' },
  ] as const) {
    it(`agrees with rpm -qa on the ${kind} database, but for gpg-pubkey`, async () => {
      const got = await rpmScanner.scan(layerOfDir(rpmScanner, fx.roots[kind]));
      const rpm = rpmQueryAll(fx.roots[kind], backend);
      assert.ok(rpm.some((l) => l.startsWith('gpg-pubkey ')));
      const mine = got.map((p) => {
        const [, , , , sourceRpm = '', label = ''] = (
          rpm.find((l) => l.startsWith(`${p.name} `)) ?? ''
        ).split(' ');
        // The source package is the source rpm's name and version-release; the module, the
        // label's name:stream.
        assert.ok(sourceRpm.startsWith(`${p.source?.name}-${p.source?.version}.`), `${p.name}: ${sourceRpm}`);
        assert.equal(p.module, label === '(none)' ? '' : label.split(':').slice(0, 2).join(':'), p.name);
        return asQueryLine(p, sourceRpm, label);
      });
      assert.deepEqual(
        mine,
        rpm.filter((l) => !l.startsWith('gpg-pubkey ')),
      );
    });
  }

  it('skips the gpg-pubkey entry rpm keeps for an imported key', async () => {
    assert.ok(rpmQueryAll(fx.roots.sqlite, 'sqlite').some((l) => l.startsWith('gpg-pubkey ')));
    const got = await rpmScanner.scan(layerOfDir(rpmScanner, fx.roots.sqlite));
    assert.deepEqual(
      got.filter((p) => p.name === 'gpg-pubkey'),
      [],
    );
  });

  it('names a database by its folder, wherever it is', async () => {
    const root = layerWith('ndb', 'usr/lib/sysimage/rpm/Packages.db');
    assert.deepEqual(await rpmScanner.scan(layerOfDir(rpmScanner, root)), wantIn('ndb:usr/lib/sysimage/rpm'));
  });

  it('reports the packages of every database in the layer, sorted by name then version', async () => {
    const root = fx.scratch();
    for (const [kind, from, to] of [
      ['sqlite', 'rpmdb.sqlite', 'var/lib/rpm/rpmdb.sqlite'],
      ['bdb', 'Packages', 'opt/legacy/var/lib/rpm/Packages'],
    ] as const) {
      mkdirSync(dirname(join(root, to)), { recursive: true });
      copyFileSync(join(fx.roots[kind], 'var/lib/rpm', from), join(root, to));
    }
    const got = await rpmScanner.scan(layerOfDir(rpmScanner, root));
    assert.deepEqual(
      got.map((p) => `${p.name} ${p.packageDb}`),
      want.flatMap((p) => [`${p.name} bdb:opt/legacy/var/lib/rpm`, `${p.name} sqlite:var/lib/rpm`]),
    );
  });

  it('rejects a truncated sqlite database, naming it', async () => {
    await rejectsNaming(
      layerWith('sqlite', 'var/lib/rpm/rpmdb.sqlite', (f) => truncateSync(f, 8192)),
      'sqlite:var/lib/rpm',
    );
  });

  it('rejects a Berkeley DB whose pages loop, naming it', async () => {
    const root = layerWith('bdb', 'var/lib/rpm/Packages', (f) => {
      const bytes = readFileSync(f);
      // Page 1 is the first bucket page: point it at itself.
      assert.equal(bytes[4096 + 25], 13);
      bytes.writeUInt32LE(1, 4096 + 16);
      writeFileSync(f, bytes);
    });
    await rejectsNaming(root, 'bdb:var/lib/rpm', /loops/);
  });

  it('rejects an ndb blob with a bad checksum, naming it', async () => {
    const root = layerWith('ndb', 'var/lib/rpm/Packages.db', (f) => {
      const bytes = readFileSync(f);
      bytes[4096 + 100] = (bytes[4096 + 100] as number) ^ 0xff;
      writeFileSync(f, bytes);
    });
    await rejectsNaming(root, 'ndb:var/lib/rpm', /checksum/);
  });

  it('rejects a Berkeley DB cut inside its meta page, naming it', async () => {
    await rejectsNaming(
      layerWith('bdb', 'var/lib/rpm/Packages', (f) => truncateSync(f, 64)),
      'bdb:var/lib/rpm',
    );
  });

  it('rejects an ndb database cut inside its header, naming it', async () => {
    await rejectsNaming(
      layerWith('ndb', 'var/lib/rpm/Packages.db', (f) => truncateSync(f, 6)),
      'ndb:var/lib/rpm',
    );
  });

  it('rejects a corrupt header, naming the database and the header', async () => {
    const root = layerWith('sqlite', 'var/lib/rpm/rpmdb.sqlite', (f) => {
      const db = new DatabaseSync(f);
      try {
        // Cut the second header short, leaving its index intact.
        db.exec('PRAGMA foreign_keys = OFF; UPDATE Packages SET blob = substr(blob, 1, 200) WHERE hnum = 2');
      } finally {
        db.close();
      }
    });
    await rejectsNaming(root, 'sqlite:var/lib/rpm', /header 2: rpm header is shorter than its index says/);
  });
});
