// Real rpm databases for the rpm tests, made at test time by the real tools in a temp folder:
// rpmbuild builds the packages of testdata/specs, rpm installs them (--justdb) into an
// rpmdb.sqlite and imports a real PGP key (a gpg-pubkey entry), db5.3_load turns the same
// headers into a Berkeley DB `Packages`, and an ndb `Packages.db` is laid out from them here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export const SKIP_MESSAGE = 'rpm not installed: apt-get install rpm db5.3-util';

const TESTDATA = join(import.meta.dirname, 'testdata');
const TOOLS: readonly [string, string][] = [
  ['rpmbuild', '--version'],
  ['rpm', '--version'],
  ['db5.3_load', '-V'],
];

/** True when rpmbuild, rpm and db5.3_load can all run here. */
export function rpmToolsInstalled(): boolean {
  return TOOLS.every(([cmd, arg]) => spawnSync(cmd, [arg], { stdio: 'ignore' }).error === undefined);
}

/** Runs a tool and gives its stdout; throws with its stderr when it fails. */
export function run(cmd: string, args: readonly string[], cwd?: string): string {
  const out = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (out.error !== undefined || out.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${out.status}): ${out.error?.message ?? out.stderr}`);
  }
  return out.stdout;
}

export type RpmFixtures = {
  /** The temp folder holding everything; removed by cleanup(). */
  readonly dir: string;
  /** Layer roots holding var/lib/rpm/rpmdb.sqlite, var/lib/rpm/Packages and var/lib/rpm/Packages.db. */
  readonly roots: { readonly sqlite: string; readonly bdb: string; readonly ndb: string };
  /** The header blobs of the rpmdb.sqlite, in hnum order, the gpg-pubkey entry last. */
  readonly headers: readonly Buffer[];
  /** A fresh temp folder inside dir, for a test's own files. */
  scratch(): string;
  cleanup(): void;
};

/** The format rpm -qa prints each package in, for comparing the scanners with rpm itself. */
export const QUERY_FORMAT =
  '%{NAME} %{EPOCH} %{VERSION}-%{RELEASE} %{ARCH} %{SOURCERPM} %{MODULARITYLABEL}\\n';

/** rpm's own answer for the database under root, one line per package, sorted. */
export function rpmQueryAll(root: string, backend: 'sqlite' | 'bdb_ro'): string[] {
  const out = run('rpm', [
    '--root',
    root,
    '--dbpath',
    '/var/lib/rpm',
    '--define',
    `_db_backend ${backend}`,
    '-qa',
    '--qf',
    QUERY_FORMAT.replace('\\n', '\n'),
  ]);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .sort();
}

let counter = 0;

/** Builds the packages and the three databases. Takes a few seconds; call it once per test file. */
export function buildRpmFixtures(): RpmFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'clairless-rpm-'));
  const scratch = (): string => {
    const d = join(dir, `scratch-${++counter}`);
    mkdirSync(d);
    return d;
  };
  try {
    const top = join(dir, 'rpmbuild');
    for (const spec of readdirSync(join(TESTDATA, 'specs')).sort()) {
      const label =
        spec === 'clairless-nodejs.spec'
          ? ['--define', 'modularitylabel nodejs:18:8090020231025:a75119d5']
          : [];
      // --target fixes the arch, so the golden files hold on any build machine.
      run('rpmbuild', [
        '-bb',
        '--target',
        'x86_64',
        '--define',
        `_topdir ${top}`,
        ...label,
        join(TESTDATA, 'specs', spec),
      ]);
    }
    const rpms = readdirSync(join(top, 'RPMS'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.rpm'))
      .map((f) => join(top, 'RPMS', f));

    const sqlite = join(dir, 'sqlite');
    const db = ['--root', sqlite, '--dbpath', '/var/lib/rpm', '--define', '_db_backend sqlite'];
    run('rpm', [...db, '-i', '--justdb', '--nodeps', '--noscripts', '--ignorearch', '--ignoreos', ...rpms]);
    run('rpm', [...db, '--import', join(TESTDATA, 'debian-bookworm-stable.asc')]);
    // rpm leaves its lock and WAL files beside the database; a layer holds the database alone.
    for (const f of readdirSync(join(sqlite, 'var/lib/rpm'))) {
      if (f !== 'rpmdb.sqlite') rmSync(join(sqlite, 'var/lib/rpm', f));
    }
    const headers = readSqliteHeaders(join(sqlite, 'var/lib/rpm/rpmdb.sqlite'));

    const bdb = join(dir, 'bdb');
    mkdirSync(join(bdb, 'var/lib/rpm'), { recursive: true });
    const dump = join(dir, 'Packages.dump');
    writeFileSync(dump, bdbDump(headers));
    run('db5.3_load', ['-f', dump, join(bdb, 'var/lib/rpm/Packages')]);

    const ndb = join(dir, 'ndb');
    mkdirSync(join(ndb, 'var/lib/rpm'), { recursive: true });
    writeFileSync(join(ndb, 'var/lib/rpm/Packages.db'), ndbFile(headers));

    return {
      dir,
      roots: { sqlite, bdb, ndb },
      headers,
      scratch,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export function readSqliteHeaders(path: string): Buffer[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db
      .prepare('SELECT blob FROM Packages ORDER BY hnum')
      .all()
      .map((row) => Buffer.from(row.blob as Uint8Array));
  } finally {
    db.close();
  }
}

const u32le = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/**
 * db_dump's text form of rpm's Packages hash: key 0 holds rpm's bookkeeping (the largest header
 * instance), then each header under its instance number, both as host-order (little-endian) u32.
 */
export function bdbDump(headers: readonly Buffer[]): string {
  const lines = ['VERSION=3', 'format=bytevalue', 'type=hash', 'db_pagesize=4096', 'HEADER=END'];
  lines.push(` ${u32le(0).toString('hex')}`, ` ${u32le(headers.length).toString('hex')}`);
  headers.forEach((h, i) => {
    lines.push(` ${u32le(i + 1).toString('hex')}`, ` ${h.toString('hex')}`);
  });
  lines.push('DATA=END', '');
  return lines.join('\n');
}

/**
 * An ndb Packages.db holding the headers. Debian's rpm has no ndb backend (only sqlite, bdb_ro
 * and dummy), so no real tool can write one here; this follows rpm's lib/backend/ndb/rpmpkg.c:
 * a 32-byte header ("RpmP", version 0, generation, slot pages, next package index) at the start
 * of a page of 16-byte slots ("Slot", package index, block offset, block count; slot 2 is the
 * first after the header), then per package a blob in 16-byte blocks: "BlbS", package index,
 * generation, length, the header, zero padding, then the adler32 of everything before the
 * trailer, the length again and "BlbE".
 */
export function ndbFile(headers: readonly Buffer[]): Buffer {
  const PAGE = 4096;
  const generation = headers.length * 2;
  const slots = Buffer.alloc(PAGE);
  slots.write('RpmP', 0, 'latin1');
  slots.writeUInt32LE(0, 4);
  slots.writeUInt32LE(generation, 8);
  slots.writeUInt32LE(1, 12);
  slots.writeUInt32LE(headers.length + 1, 16);
  for (let at = 32; at < PAGE; at += 16) slots.write('Slot', at, 'latin1');
  const blobs: Buffer[] = [];
  let block = PAGE / 16;
  headers.forEach((header, i) => {
    const blocks = Math.ceil((16 + header.length + 12) / 16);
    const blob = Buffer.alloc(blocks * 16);
    blob.write('BlbS', 0, 'latin1');
    blob.writeUInt32LE(i + 1, 4);
    blob.writeUInt32LE(generation, 8);
    blob.writeUInt32LE(header.length, 12);
    header.copy(blob, 16);
    const trailer = blob.length - 12;
    blob.writeUInt32LE(adler32(blob.subarray(0, trailer)), trailer);
    blob.writeUInt32LE(header.length, trailer + 4);
    blob.write('BlbE', trailer + 8, 'latin1');
    const slot = 32 + 16 * i;
    slots.writeUInt32LE(i + 1, slot + 4);
    slots.writeUInt32LE(block, slot + 8);
    slots.writeUInt32LE(blocks, slot + 12);
    blobs.push(blob);
    block += blocks;
  });
  return Buffer.concat([slots, ...blobs]);
}

// RFC 1950, byte by byte: written apart from lib/ecosystems/rpm/ndb.ts so the two check each other.
function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}
