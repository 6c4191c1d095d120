// rpm databases owning files the language scanners read, made at test time by the real tools:
// rpmbuild builds testdata/owned-files/clairless-owner.spec, rpm installs it (--justdb) into an
// rpmdb.sqlite, and db5.3_load turns the same header into a Berkeley DB `Packages`.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bdbDump, readSqliteHeaders, run } from './rpmdb-fixtures.ts';

const SPEC = join(import.meta.dirname, 'testdata', 'owned-files', 'clairless-owner.spec');

export type OwnerDatabases = {
  /** The rpmdb.sqlite file holding clairless-owner. */
  readonly sqlite: string;
  /** The Berkeley DB Packages file holding the same header. */
  readonly bdb: string;
  /** rpm's own list of the files the database at path owns, layer-relative, sorted. */
  rpmFiles(path: string): string[];
  cleanup(): void;
};

/** Builds the package and both databases; takes a second or two, so call it once per test file. */
export function buildOwnerDatabases(): OwnerDatabases {
  const dir = mkdtempSync(join(tmpdir(), 'clairless-rpm-owner-'));
  try {
    const top = join(dir, 'rpmbuild');
    run('rpmbuild', ['-bb', '--define', `_topdir ${top}`, SPEC]);
    const rpm = join(top, 'RPMS', 'noarch', 'clairless-owner-1.0-1.noarch.rpm');

    const sqliteRoot = join(dir, 'sqlite');
    const sqliteDb = ['--root', sqliteRoot, '--dbpath', '/var/lib/rpm', '--define', '_db_backend sqlite'];
    run('rpm', [...sqliteDb, '-i', '--justdb', '--nodeps', '--noscripts', rpm]);
    // A layer holds the database alone, without rpm's lock and WAL files.
    for (const f of readdirSync(join(sqliteRoot, 'var/lib/rpm'))) {
      if (f !== 'rpmdb.sqlite') rmSync(join(sqliteRoot, 'var/lib/rpm', f));
    }
    const sqlite = join(sqliteRoot, 'var/lib/rpm/rpmdb.sqlite');

    const bdbRoot = join(dir, 'bdb');
    mkdirSync(join(bdbRoot, 'var/lib/rpm'), { recursive: true });
    const dump = join(dir, 'Packages.dump');
    writeFileSync(dump, bdbDump(readSqliteHeaders(sqlite)));
    const bdb = join(bdbRoot, 'var/lib/rpm/Packages');
    run('db5.3_load', ['-f', dump, bdb]);

    const rpmFiles = (path: string): string[] => {
      const backend = path === sqlite ? 'sqlite' : 'bdb_ro';
      const root = path === sqlite ? sqliteRoot : bdbRoot;
      const out = run('rpm', [
        '--root',
        root,
        '--dbpath',
        '/var/lib/rpm',
        '--define',
        `_db_backend ${backend}`,
        '-qal',
      ]);
      return out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.replace(/^\//, ''))
        .sort();
    };
    return { sqlite, bdb, rpmFiles, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
