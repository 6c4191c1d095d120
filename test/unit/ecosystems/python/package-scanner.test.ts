import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  MAX_METADATA_BYTES,
  pythonPackageScanner,
} from '../../../../lib/ecosystems/python/package-scanner.ts';
import {
  PYPI_REPOSITORY,
  pythonRepositoryScanner,
} from '../../../../lib/ecosystems/python/repository-scanner.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { gnuTar, type Tree } from '../../indexer/tar-build.ts';
import { buildOwnerDatabases, type OwnerDatabases } from '../rpm/owned-files-fixtures.ts';
import { ndbFile, rpmToolsInstalled, SKIP_MESSAGE } from '../rpm/rpmdb-fixtures.ts';

const scanners = [pythonPackageScanner, pythonRepositoryScanner];
const layers = tarLayers(scanners);
const SITE = 'usr/local/lib/python3.11/site-packages';

/** A metadata file's header block, as pip and setuptools write it. */
const metadata = (name: string, version: string): string =>
  `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: a package\n\nLong description.\n`;

async function scan(tree: Tree) {
  const files = layers.of(gnuTar(tree));
  const { log, entries } = captureLog();
  const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(10_000), log };
  const packages = await pythonPackageScanner.scan(files, ctx);
  const repositories = await pythonRepositoryScanner.scan(files, ctx);
  return { files, packages, repositories, entries };
}

/** The scan's packages as name, version, database and file. */
const found = (packages: Awaited<ReturnType<typeof scan>>['packages']) =>
  packages.map((p) => [p.name, p.version, p.packageDb, p.filepath]);

describe('python package scanner', () => {
  afterEach(() => layers.disposeAll());

  it("is claircore's python package scanner, version 6, with its repository scanner, version 2", () => {
    assert.deepEqual(
      [pythonPackageScanner, pythonRepositoryScanner].map((s) => [s.name, s.version, s.kind]),
      [
        ['python', '6', 'package'],
        ['python', '2', 'repository'],
      ],
    );
  });

  it('finds a wheel, with its normalised version, the PyPI hint and the PyPI repository', async () => {
    const { packages, repositories } = await scan({
      [`${SITE}/urllib3-1.26.4.dist-info/METADATA`]: metadata('urllib3', '1.26.4'),
      [`${SITE}/urllib3-1.26.4.dist-info/INSTALLER`]: 'pip\n',
    });
    assert.deepEqual(packages, [
      {
        name: 'urllib3',
        version: '1.26.4',
        arch: '',
        module: '',
        normalizedVersion: { kind: 'pep440', v: [0, 1, 26, 4, 0, 0, 0, 0, 0, 0] },
        source: undefined,
        packageDb: `python:${SITE}`,
        repositoryHint: 'https://pypi.org/simple',
        filepath: `${SITE}/urllib3-1.26.4.dist-info/METADATA`,
      },
    ]);
    assert.deepEqual(repositories, [PYPI_REPOSITORY]);
  });

  it('finds eggs: an .egg-info file, an .egg-info folder and an unzipped .egg', async () => {
    const { packages } = await scan({
      [`${SITE}/six-1.16.0.egg-info`]: metadata('six', '1.16.0'),
      [`${SITE}/idna-3.4.egg-info/PKG-INFO`]: metadata('idna', '3.4'),
      [`${SITE}/Attrs-21.1.0-py3.11.egg/EGG-INFO/PKG-INFO`]: metadata('Attrs', '21.1.0'),
    });
    assert.deepEqual(found(packages), [
      // As claircore: two folders up from the metadata file, for an egg its own folder.
      [
        'attrs',
        '21.1.0',
        `python:${SITE}/Attrs-21.1.0-py3.11.egg`,
        `${SITE}/Attrs-21.1.0-py3.11.egg/EGG-INFO/PKG-INFO`,
      ],
      ['idna', '3.4', `python:${SITE}`, `${SITE}/idna-3.4.egg-info/PKG-INFO`],
      ['six', '1.16.0', `python:${SITE}`, `${SITE}/six-1.16.0.egg-info`],
    ]);
  });

  it('writes names as PEP 503 normalises them and versions in PEP 440 normal form', async () => {
    const { packages } = await scan({
      [`${SITE}/Django-4.2-1.dist-info/METADATA`]: metadata('Django', '1!4.2-1'),
      [`${SITE}/PyYAML-6.0.dist-info/METADATA`]: metadata('PyYAML', 'v6.0RC1.dev2'),
      [`${SITE}/Flask-2.0.dist-info/METADATA`]: metadata('Flask', '2.0-preview3+local.7'),
      [`${SITE}/zope.interface-6.0.dist-info/METADATA`]: metadata('zope.interface', '6.0'),
      [`${SITE}/charset_normalizer-3.0.1.dist-info/METADATA`]: metadata('Charset__Normalizer', '3.0.1'),
    });
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.normalizedVersion]),
      [
        ['charset-normalizer', '3.0.1', { kind: 'pep440', v: [0, 3, 0, 1, 0, 0, 0, 0, 0, 0] }],
        ['django', '1!4.2.post1', { kind: 'pep440', v: [1, 4, 2, 0, 0, 0, 0, 0, 1, 0] }],
        ['flask', '2.0rc3', { kind: 'pep440', v: [0, 2, 0, 0, 0, 0, -1, 3, 0, 0] }],
        ['pyyaml', '6.0rc1.dev2', { kind: 'pep440', v: [0, 6, 0, 0, 0, 0, -1, 1, 0, -2] }],
        ['zope-interface', '6.0', { kind: 'pep440', v: [0, 6, 0, 0, 0, 0, 0, 0, 0, 0] }],
      ],
    );
  });

  it('leaves out wheels a system package manager installed, keeping pip ones', async () => {
    const tree: Record<string, string> = {};
    for (const installer of ['rpm', 'dpkg', 'apk', 'pip', 'uv']) {
      tree[`${SITE}/${installer}pkg-1.0.dist-info/METADATA`] = metadata(`${installer}pkg`, '1.0');
      tree[`${SITE}/${installer}pkg-1.0.dist-info/INSTALLER`] = `${installer}\n`;
    }
    const { packages } = await scan(tree);
    assert.deepEqual(
      packages.map((p) => p.name),
      ['pippkg', 'uvpkg'],
    );
  });

  it('reports no repository for a layer without Python metadata', async () => {
    const { packages, repositories } = await scan({ 'etc/hostname': 'x\n' });
    assert.deepEqual([packages, repositories], [[], []]);
  });

  it('reports no repository for a layer whose metadata is all malformed', async () => {
    const { packages, repositories, entries } = await scan({
      [`${SITE}/noname-1.0.dist-info/METADATA`]: 'Metadata-Version: 2.1\nVersion: 1.0\n',
      [`${SITE}/noversion-1.0.egg-info`]: 'Metadata-Version: 1.1\nName: noversion\n',
    });
    assert.deepEqual([packages, repositories], [[], []]);
    assert.equal(entries.filter((e) => e.msg === 'python metadata skipped').length, 2);
  });

  it('skips, unread, metadata over 4 MiB with a warning naming its size, and keeps the rest of the layer', async () => {
    const head = metadata('huge', '1.0');
    const huge = head + 'x'.repeat(MAX_METADATA_BYTES + 1 - head.length);
    const { packages, entries } = await scan({
      [`${SITE}/huge-1.0.dist-info/METADATA`]: huge,
      [`${SITE}/small-1.0.dist-info/METADATA`]: metadata('small', '1.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['small'],
    );
    assert.deepEqual(
      entries.map((e) => [e.msg, e.path, e.reason]),
      [
        [
          'python metadata skipped',
          `${SITE}/huge-1.0.dist-info/METADATA`,
          `${MAX_METADATA_BYTES + 1} bytes: larger than ${MAX_METADATA_BYTES}`,
        ],
      ],
    );
  });

  it('reads a hard-linked metadata file and INSTALLER as the files they name, when those are collected', async () => {
    const VENV = 'opt/venv/lib/python3.11/site-packages';
    const { files, packages, entries } = await scan({
      // Sorted first, so the tar holds these as files and the later names as hard links to them.
      [`${VENV}/shared-1.0.dist-info/METADATA`]: metadata('shared', '1.0'),
      [`${SITE}/shared-1.0.dist-info/METADATA`]: { hardlink: `${VENV}/shared-1.0.dist-info/METADATA` },
      [`${VENV}/rpmpkg-1.0.dist-info/METADATA`]: metadata('rpmpkg', '1.0'),
      [`${VENV}/rpmpkg-1.0.dist-info/INSTALLER`]: 'rpm\n',
      [`${SITE}/rpmpkg-1.0.dist-info/METADATA`]: { hardlink: `${VENV}/rpmpkg-1.0.dist-info/METADATA` },
      [`${SITE}/rpmpkg-1.0.dist-info/INSTALLER`]: { hardlink: `${VENV}/rpmpkg-1.0.dist-info/INSTALLER` },
      // A file no scanner collects: the link to it is left out.
      'opt/store/f00d': metadata('stored', '1.0'),
      [`${SITE}/stored-1.0.dist-info/METADATA`]: { hardlink: 'opt/store/f00d' },
    });
    assert.equal(files.entry(`${SITE}/shared-1.0.dist-info/METADATA`)?.type, 'hardlink');
    assert.equal(files.entry(`${SITE}/rpmpkg-1.0.dist-info/INSTALLER`)?.type, 'hardlink');
    assert.equal(files.entry(`${SITE}/stored-1.0.dist-info/METADATA`)?.type, 'hardlink');
    assert.deepEqual(found(packages), [
      ['shared', '1.0', `python:${VENV}`, `${VENV}/shared-1.0.dist-info/METADATA`],
      ['shared', '1.0', `python:${SITE}`, `${SITE}/shared-1.0.dist-info/METADATA`],
    ]);
    assert.deepEqual(entries, []);
  });

  const distroLayers: { db: string; skipped: string; kept: string }[] = [
    {
      db: 'var/lib/rpm/rpmdb.sqlite',
      skipped: 'usr/lib64/python3.9/site-packages',
      kept: 'usr/lib/python3/dist-packages',
    },
    {
      db: 'var/lib/rpm/Packages',
      skipped: 'usr/lib/python2.7/site-packages',
      kept: 'usr/local/lib/python3.9/site-packages',
    },
    {
      db: 'var/lib/dpkg/status',
      skipped: 'usr/lib/python3/dist-packages',
      kept: 'usr/lib/python3.11/site-packages',
    },
  ];
  for (const { db, skipped, kept } of distroLayers) {
    it(`with ${db}, skips ${skipped} but reads ${kept}`, async () => {
      const { packages } = await scan({
        [db]: 'database\n',
        [`${skipped}/distro-1.0.dist-info/METADATA`]: metadata('distro', '1.0'),
        [`${kept}/mine-1.0.dist-info/METADATA`]: metadata('mine', '1.0'),
      });
      assert.deepEqual(found(packages), [
        ['mine', '1.0', `python:${kept}`, `${kept}/mine-1.0.dist-info/METADATA`],
      ]);
    });
  }

  it('reads the distribution folders of a layer without a package database', async () => {
    const { packages } = await scan({
      'usr/lib/python3/dist-packages/distro-1.0.dist-info/METADATA': metadata('distro', '1.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['distro'],
    );
  });

  it('skips malformed metadata with a log line and keeps the rest of the layer', async () => {
    const { packages, entries } = await scan({
      [`${SITE}/noname-1.0.dist-info/METADATA`]: 'Metadata-Version: 2.1\nVersion: 1.0\n',
      [`${SITE}/noversion-1.0.dist-info/METADATA`]: 'Metadata-Version: 2.1\nName: noversion\n',
      [`${SITE}/badversion-1.0.dist-info/METADATA`]: metadata('badversion', 'unknown'),
      [`${SITE}/binary-1.0.dist-info/METADATA`]: Buffer.from([0x4e, 0x61, 0x00, 0xff, 0xfe, 0x0a]),
      [`${SITE}/good-1.0.dist-info/METADATA`]: metadata('good', '1.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['good'],
    );
    const skips = entries.filter((e) => e.msg === 'python metadata skipped').map((e) => e.path);
    assert.deepEqual(skips.sort(), [
      `${SITE}/badversion-1.0.dist-info/METADATA`,
      `${SITE}/binary-1.0.dist-info/METADATA`,
      `${SITE}/noname-1.0.dist-info/METADATA`,
      `${SITE}/noversion-1.0.dist-info/METADATA`,
    ]);
  });

  it('reads the header block of a file whose description is not UTF-8', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(metadata('latin', '1.0')),
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    ]);
    const { packages, entries } = await scan({ [`${SITE}/latin-1.0.dist-info/METADATA`]: latin1 });
    assert.deepEqual(found(packages), [
      ['latin', '1.0', `python:${SITE}`, `${SITE}/latin-1.0.dist-info/METADATA`],
    ]);
    assert.deepEqual(entries, []);
  });
});

describe('python package scanner, with the files rpm packages own', () => {
  const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
  // clairless-owner owns qux's and foo's metadata (testdata/owned-files/clairless-owner.spec).
  const OPT = 'opt/clairless/lib/python3.9/site-packages';
  const QUX = `${OPT}/qux.egg-info/PKG-INFO`;
  const MINE = `${OPT}/mine.egg-info/PKG-INFO`;
  const FOO = 'usr/lib/python3.9/site-packages/foo.egg-info/PKG-INFO';
  let dbs: OwnerDatabases | undefined;
  const sqlite = (): Buffer => readFileSync((dbs as OwnerDatabases).sqlite);
  before(() => {
    if (!skip) dbs = buildOwnerDatabases();
  });
  after(() => dbs?.cleanup());
  afterEach(() => layers.disposeAll());

  it('wants every rpm database on disk', () => {
    for (const path of [
      'var/lib/rpm/rpmdb.sqlite',
      'var/lib/rpm/Packages',
      'usr/lib/sysimage/rpm/Packages.db',
    ]) {
      assert.equal(pythonPackageScanner.wants(path, 'file'), 'file', path);
    }
  });

  it('skips metadata an rpm package of the layer owns, and reports it in a layer without the database', {
    skip,
  }, async () => {
    const eggs = { [QUX]: metadata('qux', '2.0'), [MINE]: metadata('mine', '1.0') };
    const owned = await scan({ 'var/lib/rpm/rpmdb.sqlite': sqlite(), ...eggs });
    assert.deepEqual(
      owned.packages.map((p) => p.filepath),
      [MINE],
    );
    const unowned = await scan(eggs);
    assert.deepEqual(
      unowned.packages.map((p) => p.filepath),
      [MINE, QUX],
    );
  });

  it('skips owned metadata in any folder, with the database anywhere, and then reports no repository', {
    skip,
  }, async () => {
    // Not under var/lib/rpm, so the distribution's python folders are read: only ownership leaves foo out.
    const owned = await scan({
      'usr/lib/sysimage/rpm/rpmdb.sqlite': sqlite(),
      [FOO]: metadata('foo', '1.0'),
    });
    assert.deepEqual([owned.packages, owned.repositories], [[], []]);
    const unowned = await scan({ [FOO]: metadata('foo', '1.0') });
    assert.deepEqual(
      [unowned.packages.map((p) => p.filepath), unowned.repositories],
      [[FOO], [PYPI_REPOSITORY]],
    );
  });

  it('reads every package of a layer whose rpm database is broken, warning once', async () => {
    const { packages, entries } = await scan({
      'var/lib/rpm/Packages.db': ndbFile([Buffer.from('garbage')]),
      [QUX]: metadata('qux', '2.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.filepath),
      [QUX],
    );
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn').map((e) => e.msg),
      ['rpm file ownership skipped'],
    );
  });
});
