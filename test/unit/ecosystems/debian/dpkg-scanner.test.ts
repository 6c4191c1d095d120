import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dpkgScanner, parseStatus } from '../../../../lib/ecosystems/debian/dpkg-scanner.ts';
import type { ScannedPackage } from '../../../../lib/indexer/types.ts';
import { type EntrySpec, layerOf } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'dpkg');
const status = (name: string): string => readFileSync(join(TESTDATA, `${name}.status`), 'utf8');
const want = (name: string): ScannedPackage[] =>
  JSON.parse(readFileSync(join(TESTDATA, `${name}.want.json`), 'utf8'));

/** A layer holding a dpkg database at root: its status file and its info folder. */
function database(root: string, statusText: string, info: EntrySpec = { dir: true }): [string, EntrySpec][] {
  return [
    [`${root}/status`, statusText],
    [`${root}/info`, info],
  ];
}

const scan = (entries: [string, EntrySpec][]) => dpkgScanner.scan(layerOf(dpkgScanner, entries));

describe('dpkg scanner', () => {
  it('is the package scanner dpkg, version 7', () => {
    assert.deepEqual([dpkgScanner.name, dpkgScanner.version, dpkgScanner.kind], ['dpkg', '7', 'package']);
  });

  const wants: { path: string; type: 'file' | 'dir'; want: string }[] = [
    { path: 'var/lib/dpkg/status', type: 'file', want: 'content' },
    { path: 'status', type: 'file', want: 'content' },
    { path: 'var/lib/dpkg/info', type: 'dir', want: 'presence' },
    { path: 'var/lib/dpkg/info/libc6:amd64.list', type: 'file', want: 'presence' },
    { path: 'var/lib/dpkg/info/libc6:amd64.md5sums', type: 'file', want: 'none' },
    { path: 'var/lib/dpkg/status-old', type: 'file', want: 'none' },
    { path: 'var/lib/dpkg/info', type: 'file', want: 'none' },
    { path: 'var/lib/dpkg/status.d/base', type: 'file', want: 'none' },
  ];
  for (const w of wants) {
    it(`wants ${w.type} ${w.path} as ${w.want}`, () =>
      assert.equal(dpkgScanner.wants(w.path, w.type), w.want));
  }

  // Golden files made with dpkg-query --admindir (see testdata/README.md).
  for (const name of ['postgresql', 'debian-only', 'texlive']) {
    it(`reports the installed packages of ${name}.status`, async () => {
      assert.deepEqual(await scan(database('var/lib/dpkg', status(name))), want(name));
    });
  }

  it('finds a database whose info folder shows only through its .list files', async () => {
    const got = await scan([
      ['var/lib/dpkg/status', status('postgresql')],
      ['var/lib/dpkg/info/postgresql-client.list', '/.\n'],
    ]);
    assert.deepEqual(got, want('postgresql'));
  });

  it('ignores a status file beside a file, not a folder, named info', async () => {
    assert.deepEqual(await scan(database('var/lib/dpkg', status('postgresql'), '')), []);
  });

  it('ignores a status file with no info folder beside it', async () => {
    // claircore scores such a folder 1 of 2: a layer that rewrites status alone keeps the
    // package list of the layer below.
    assert.deepEqual(await scan([['var/lib/dpkg/status', status('postgresql')]]), []);
  });

  it('ignores an info folder with no status file beside it', async () => {
    assert.deepEqual(await scan([['var/lib/dpkg/info', { dir: true }]]), []);
  });

  it('finds a database under a nested root and names it by its path', async () => {
    const got = await scan(database('srv/chroot/var/lib/dpkg', status('debian-only')));
    assert.deepEqual(
      got,
      want('debian-only').map((p) => ({ ...p, packageDb: 'srv/chroot/var/lib/dpkg/status' })),
    );
  });

  it('reports every database of a layer, sorted by name then version', async () => {
    const got = await scan([
      ...database('var/lib/dpkg', status('postgresql')),
      ...database('srv/chroot/var/lib/dpkg', status('debian-only')),
    ]);
    assert.deepEqual(
      got.map((p) => [p.name, p.packageDb]),
      [
        ['debian-archive-keyring', 'srv/chroot/var/lib/dpkg/status'],
        ['postgresql-client', 'var/lib/dpkg/status'],
        ['postgresql-client-11', 'var/lib/dpkg/status'],
        ['postgresql-client-common', 'var/lib/dpkg/status'],
      ],
    );
  });

  it('reports nothing for a layer without dpkg', async () => {
    assert.deepEqual(await scan([['etc/os-release', 'ID=debian\n']]), []);
  });
});

describe('dpkg status parser', () => {
  it('keeps only records whose Status says ok and installed', () => {
    // postgresql.status with one package marked removed, as dpkg writes it after `apt-get remove`.
    const text = status('postgresql').replace(
      'Package: postgresql-client-11\nStatus: install ok installed',
      'Package: postgresql-client-11\nStatus: deinstall ok config-files',
    );
    const got = parseStatus(text, 'var/lib/dpkg/status');
    assert.deepEqual(
      got,
      want('postgresql').filter((p) => p.name !== 'postgresql-client-11'),
    );
  });

  it('skips records that are half-installed', () => {
    const text = status('debian-only').replace(
      'Status: install ok installed',
      'Status: install reinstreq half-installed',
    );
    assert.deepEqual(parseStatus(text, 'var/lib/dpkg/status'), []);
  });

  it('names the source package by the Source field, with its version when it gives one', () => {
    const got = parseStatus(status('postgresql'), 'var/lib/dpkg/status');
    assert.deepEqual(
      got.map((p) => [p.name, p.source]),
      [
        ['postgresql-client', { name: 'postgresql-common', version: '200+deb10u5' }],
        ['postgresql-client-11', { name: 'postgresql-11', version: '11.22-0+deb10u2' }],
        ['postgresql-client-common', { name: 'postgresql-common', version: '200+deb10u5' }],
      ],
    );
  });

  it('takes the binary package as its own source when there is no Source field', () => {
    const [keyring] = parseStatus(status('debian-only'), 'var/lib/dpkg/status');
    assert.deepEqual(keyring?.source, { name: 'debian-archive-keyring', version: '2019.1' });
  });

  it('ignores a vcpkg database that is named status', () => {
    // claircore's TestNotDB (quay/claircore#1359): records carrying vcpkg's Feature,
    // Default-Features or Port-Version fields mark the whole file as not a dpkg database.
    assert.deepEqual(parseStatus(status('vcpkg'), 'var/lib/dpkg/status'), []);
  });
});
