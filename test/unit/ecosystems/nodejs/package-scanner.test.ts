import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  MAX_LOCKFILE_BYTES,
  MAX_PACKAGE_JSON_BYTES,
  nodejsPackageScanner,
} from '../../../../lib/ecosystems/nodejs/package-scanner.ts';
import {
  NPM_REPOSITORY,
  nodejsRepositoryScanner,
} from '../../../../lib/ecosystems/nodejs/repository-scanner.ts';
import { layerFiles } from '../../../../lib/indexer/layer-files.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { gnuTar, type Tree } from '../../indexer/tar-build.ts';
import { buildOwnerDatabases, type OwnerDatabases } from '../rpm/owned-files-fixtures.ts';
import { rpmToolsInstalled, SKIP_MESSAGE } from '../rpm/rpmdb-fixtures.ts';
import { installedByNpmLs, installedTree, packageLock } from './npm-tree.ts';

const scanners = [nodejsPackageScanner, nodejsRepositoryScanner];
const layers = tarLayers(scanners);
const APP = 'usr/src/app';
const MODULES = `${APP}/node_modules`;

/** A package.json as npm installs it: lodash 4.17.20's fields, name and version replaced. */
const packageJson = (name: string, version: string): string =>
  `${JSON.stringify(
    {
      name,
      version,
      description: 'Lodash modular utilities.',
      keywords: ['modules', 'stdlib', 'util'],
      homepage: 'https://lodash.com/',
      repository: 'lodash/lodash',
      icon: 'https://lodash.com/icon.svg',
      license: 'MIT',
      main: 'lodash.js',
      author: 'John-David Dalton <john.david.dalton@gmail.com>',
      scripts: { test: 'echo "See https://travis-ci.org/lodash-archive/lodash-cli for testing details."' },
    },
    null,
    2,
  )}\n`;

async function scan(tree: Tree) {
  const files = layers.of(gnuTar(tree));
  const { log, entries } = captureLog();
  const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(10_000), log };
  const packages = await nodejsPackageScanner.scan(files, ctx);
  const repositories = await nodejsRepositoryScanner.scan(files, ctx);
  return { files, packages, repositories, entries };
}

/** Each package found as `name@version`, once. */
const installed = (packages: Awaited<ReturnType<typeof scan>>['packages']): string[] => [
  ...new Set(packages.map((p) => `${p.name}@${p.version}`)),
];

describe('nodejs package scanner', () => {
  afterEach(() => layers.disposeAll());

  it("is claircore's nodejs package scanner, version 4, with its repository scanner, version 2", () => {
    assert.deepEqual(
      [nodejsPackageScanner, nodejsRepositoryScanner].map((s) => [s.name, s.version, s.kind]),
      [
        ['nodejs', '4', 'package'],
        ['nodejs', '2', 'repository'],
      ],
    );
  });

  it('finds a package, with its semver normalised version, the npm hint and the npm repository', async () => {
    const { packages, repositories } = await scan({
      [`${MODULES}/lodash/package.json`]: packageJson('lodash', '4.17.20'),
    });
    assert.deepEqual(packages, [
      {
        name: 'lodash',
        version: '4.17.20',
        arch: '',
        module: '',
        normalizedVersion: { kind: 'semver', v: [0, 4, 17, 20, 0, 0, 0, 0, 0, 0] },
        source: undefined,
        packageDb: `nodejs:${MODULES}/lodash/package.json`,
        repositoryHint: 'npm',
        filepath: `${MODULES}/lodash/package.json`,
      },
    ]);
    assert.deepEqual(repositories, [{ name: 'npm', key: '', uri: 'https://www.npmjs.com/', cpe: '' }]);
    assert.deepEqual(repositories, [NPM_REPOSITORY]);
  });

  it('normalises lenient semantic versions as FromSemver, and none for the rest', async () => {
    const { packages } = await scan({
      [`${MODULES}/a/package.json`]: packageJson('a', 'v1.2'),
      [`${MODULES}/b/package.json`]: packageJson('b', '2.0.0-rc.1+build.5'),
      [`${MODULES}/c/package.json`]: packageJson('c', 'latest'),
    });
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.normalizedVersion]),
      [
        ['a', 'v1.2', { kind: 'semver', v: [0, 1, 2, 0, 0, 0, 0, 0, 0, 0] }],
        ['b', '2.0.0-rc.1+build.5', { kind: 'semver', v: [0, 2, 0, 0, 0, 0, 0, 0, 0, 0] }],
        ['c', 'latest', undefined],
      ],
    );
  });

  it('reads only package.json files under node_modules, nested too, no whiteouts or symlinks', async () => {
    const { packages } = await scan({
      [`${MODULES}/lodash/package.json`]: packageJson('lodash', '4.17.20'),
      [`${MODULES}/@babel/core/node_modules/semver/package.json`]: packageJson('semver', '6.3.0'),
      [`${MODULES}/lodash/.wh.package.json`]: packageJson('gone', '1.0.0'),
      [`${MODULES}/linked/package.json`]: { symlink: '../lodash/package.json' },
      'usr/src/app/package.json': packageJson('app', '1.0.0'),
      [`${MODULES}/lodash/fp/package-lock.json`]: packageJson('lock', '1.0.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.filepath),
      [`${MODULES}/lodash/package.json`, `${MODULES}/@babel/core/node_modules/semver/package.json`],
    );
  });

  it('reports no repository for a layer without node_modules packages', async () => {
    const { packages, repositories } = await scan({
      'usr/src/app/package.json': packageJson('app', '1.0.0'),
    });
    assert.deepEqual([packages, repositories], [[], []]);
  });

  it('reports no repository for a layer whose package.json files and lockfiles give no package', async () => {
    const { packages, repositories, entries } = await scan({
      [`${MODULES}/noversion/package.json`]: '{"name": "noversion"}\n',
      [`${APP}/package-lock.json`]: '{"lockfileVersion": 3, "packages": {"": {"name": "app"}}}\n',
      'srv/api/package-lock.json': '{"lockfileVersion": 3, "packages": {"node_modules/a": ',
    });
    assert.deepEqual([packages, repositories], [[], []]);
    assert.deepEqual(
      entries.map((e) => [e.msg, e.path]),
      [
        ['nodejs package.json skipped', `${MODULES}/noversion/package.json`],
        ['nodejs lockfile skipped', 'srv/api/package-lock.json'],
      ],
    );
  });

  it('skips, unread, a package.json over 4 MiB with a warning naming its size, and keeps the rest', async () => {
    const head = packageJson('huge', '1.0.0');
    const huge = head + ' '.repeat(MAX_PACKAGE_JSON_BYTES + 1 - head.length);
    const { packages, entries } = await scan({
      [`${MODULES}/huge/package.json`]: huge,
      [`${MODULES}/small/package.json`]: packageJson('small', '1.0.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['small'],
    );
    assert.deepEqual(
      entries.map((e) => [e.msg, e.path, e.reason]),
      [
        [
          'nodejs package.json skipped',
          `${MODULES}/huge/package.json`,
          `${MAX_PACKAGE_JSON_BYTES + 1} bytes: larger than ${MAX_PACKAGE_JSON_BYTES}`,
        ],
      ],
    );
  });

  it('skips without reading a 600 MiB package.json the layer walk spilled to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clairless-nodejs-'));
    try {
      // Sparse: the size is there, the disk blocks are not.
      const file = join(dir, 'package.json');
      writeFileSync(file, '');
      truncateSync(file, 600 * 2 ** 20);
      const path = `${MODULES}/huge/package.json`;
      const files = layerFiles(
        new Map([[path, { path, type: 'file', size: 600 * 2 ** 20, linkTarget: '', file }]]),
      );
      const { log, entries } = captureLog();
      const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(10_000), log };
      assert.deepEqual(await nodejsPackageScanner.scan(files, ctx), []);
      assert.deepEqual(
        entries.map((e) => [e.msg, e.path, e.reason]),
        [
          [
            'nodejs package.json skipped',
            path,
            `${600 * 2 ** 20} bytes: larger than ${MAX_PACKAGE_JSON_BYTES}`,
          ],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a hard-linked package.json as the file it names, when that file is collected', async () => {
    const PNPM = `${MODULES}/.pnpm/lodash@4.17.20/node_modules/lodash/package.json`;
    const STORE = 'root/.local/share/pnpm/store/v3/files/0f/f00d';
    const { files, packages, entries } = await scan({
      // Sorted first, so the tar holds these as files and the later names as hard links to them.
      [PNPM]: packageJson('lodash', '4.17.20'),
      [`${MODULES}/lodash/package.json`]: { hardlink: PNPM },
      [STORE]: packageJson('stored', '1.0.0'),
      [`${MODULES}/stored/package.json`]: { hardlink: STORE },
    });
    assert.equal(files.entry(`${MODULES}/lodash/package.json`)?.type, 'hardlink');
    assert.equal(files.entry(`${MODULES}/stored/package.json`)?.type, 'hardlink');
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.filepath]),
      [
        ['lodash', '4.17.20', PNPM],
        ['lodash', '4.17.20', `${MODULES}/lodash/package.json`],
      ],
    );
    assert.deepEqual(entries, []);
  });

  it('skips malformed JSON and a package without a name or version with a log line', async () => {
    const { packages, entries } = await scan({
      [`${MODULES}/broken/package.json`]: '{"name": "broken", "version": ',
      [`${MODULES}/noname/package.json`]: '{"version": "1.0.0"}\n',
      [`${MODULES}/noversion/package.json`]: '{"name": "noversion"}\n',
      [`${MODULES}/array/package.json`]: '[]\n',
      [`${MODULES}/good/package.json`]: packageJson('good', '1.0.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['good'],
    );
    const skips = entries.filter((e) => e.msg === 'nodejs package.json skipped').map((e) => e.path);
    assert.deepEqual(skips.sort(), [
      `${MODULES}/array/package.json`,
      `${MODULES}/broken/package.json`,
      `${MODULES}/noname/package.json`,
      `${MODULES}/noversion/package.json`,
    ]);
  });

  it('finds every package of a tree npm installed, exactly the ones npm ls printed', async () => {
    const tree = installedTree(APP);
    const { packages, repositories } = await scan(tree);
    assert.deepEqual(installed(packages).sort(), [...installedByNpmLs()].sort());
    assert.deepEqual(packages.map((p) => p.filepath).sort(), Object.keys(tree).sort());
    assert.deepEqual(
      packages.filter((p) => p.name === 'ms').map((p) => [p.version, p.packageDb]),
      [
        ['2.0.0', `nodejs:${MODULES}/body-parser/node_modules/ms/package.json`],
        ['2.0.0', `nodejs:${MODULES}/express/node_modules/ms/package.json`],
        ['2.0.0', `nodejs:${MODULES}/finalhandler/node_modules/ms/package.json`],
        ['2.0.0', `nodejs:${MODULES}/send/node_modules/debug/node_modules/ms/package.json`],
        ['2.1.1', `nodejs:${MODULES}/send/node_modules/ms/package.json`],
        ['2.1.3', `nodejs:${MODULES}/ms/package.json`],
      ],
    );
    assert.deepEqual(repositories, [NPM_REPOSITORY]);
  });

  it("reads the tree's package-lock.json where the layer has no node_modules: the same packages", async () => {
    const lockfile = `${APP}/package-lock.json`;
    const { packages, repositories, entries } = await scan({ [lockfile]: packageLock() });
    assert.deepEqual(installed(packages).sort(), [...installedByNpmLs()].sort());
    assert.equal(packages.length, installedByNpmLs().size);
    assert.deepEqual(
      packages.find((p) => p.name === '@hapi/hoek'),
      {
        name: '@hapi/hoek',
        version: '8.5.0',
        arch: '',
        module: '',
        normalizedVersion: { kind: 'semver', v: [0, 8, 5, 0, 0, 0, 0, 0, 0, 0] },
        source: undefined,
        packageDb: `nodejs:${lockfile}`,
        repositoryHint: 'npm',
        filepath: lockfile,
      },
    );
    assert.ok(installed(packages).includes('node-fetch@2.6.0'), 'the dev dependency is kept');
    assert.deepEqual(repositories, [NPM_REPOSITORY]);
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn'),
      [],
    );
  });

  it('ignores a lockfile whose folder has node_modules in the layer: the installed tree wins', async () => {
    const { packages } = await scan({ ...installedTree(APP), [`${APP}/package-lock.json`]: packageLock() });
    assert.deepEqual(installed(packages).sort(), [...installedByNpmLs()].sort());
    assert.deepEqual(
      packages.filter((p) => !p.filepath.startsWith(`${MODULES}/`)),
      [],
    );
  });

  it('reads a lockfile whose node_modules is elsewhere, and none inside node_modules', async () => {
    const lock = (name: string) =>
      JSON.stringify({ lockfileVersion: 3, packages: { [`node_modules/${name}`]: { version: '1.0.0' } } });
    const { packages } = await scan({
      [`${MODULES}/lodash/package.json`]: packageJson('lodash', '4.17.20'),
      [`${APP}/tools/package-lock.json`]: lock('from-tools'),
      'package-lock.json': lock('from-root'),
      [`${MODULES}/lodash/package-lock.json`]: lock('from-package'),
      [`${MODULES}/lodash/npm-shrinkwrap.json`]: lock('from-package-shrinkwrap'),
    });
    assert.deepEqual(
      packages.map((p) => [p.name, p.filepath]),
      [
        ['from-root', 'package-lock.json'],
        ['from-tools', `${APP}/tools/package-lock.json`],
        ['lodash', `${MODULES}/lodash/package.json`],
      ],
    );
  });

  it('reads the npm-shrinkwrap.json of a folder that has both, as npm does', async () => {
    const lock = (name: string) =>
      JSON.stringify({ lockfileVersion: 3, packages: { [`node_modules/${name}`]: { version: '1.0.0' } } });
    const { packages } = await scan({
      [`${APP}/package-lock.json`]: lock('locked'),
      [`${APP}/npm-shrinkwrap.json`]: lock('shrinkwrapped'),
      'srv/other/package-lock.json': lock('other'),
    });
    assert.deepEqual(
      packages.map((p) => [p.name, p.filepath]),
      [
        ['other', 'srv/other/package-lock.json'],
        ['shrinkwrapped', `${APP}/npm-shrinkwrap.json`],
      ],
    );
  });

  it('does not parse a lockfile over 8 MiB, and indexes the rest of the layer', async () => {
    const head = '{"lockfileVersion": 3, "packages": {"node_modules/huge": {"version": "1.0.0"}}}';
    const huge = head + ' '.repeat(MAX_LOCKFILE_BYTES + 1 - head.length);
    const { packages, entries } = await scan({
      [`${APP}/package-lock.json`]: huge,
      'srv/web/package-lock.json': packageLock(),
    });
    assert.equal(installed(packages).length, installedByNpmLs().size);
    assert.deepEqual(
      entries.filter((e) => e.msg === 'nodejs lockfile skipped').map((e) => [e.path, e.reason]),
      [[`${APP}/package-lock.json`, `${MAX_LOCKFILE_BYTES + 1} bytes: larger than ${MAX_LOCKFILE_BYTES}`]],
    );
  });

  it('skips a malformed lockfile with a log line naming it, and indexes the rest of the layer', async () => {
    const { packages, entries } = await scan({
      [`${APP}/package-lock.json`]: '{"lockfileVersion": 3, "packages": {"node_modules/a": ',
      'srv/api/package-lock.json': '{"lockfileVersion": 3, "packages": []}',
      'srv/web/package-lock.json': packageLock(),
    });
    assert.equal(installed(packages).length, installedByNpmLs().size);
    assert.deepEqual(
      entries
        .filter((e) => e.msg === 'nodejs lockfile skipped')
        .map((e) => [e.path, e.reason])
        .sort(),
      [
        ['srv/api/package-lock.json', '"packages" is not an object'],
        [`${APP}/package-lock.json`, 'not JSON: Unexpected end of JSON input'],
      ],
    );
  });
});

describe('nodejs package scanner, with the files rpm packages own', () => {
  const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
  // clairless-owner owns usr/lib/node_modules/baz (../rpm/testdata/owned-files/clairless-owner.spec).
  const OWNED = 'usr/lib/node_modules/baz/package.json';
  const MINE = 'usr/lib/node_modules/lodash/package.json';
  let dbs: OwnerDatabases | undefined;
  before(() => {
    if (!skip) dbs = buildOwnerDatabases();
  });
  after(() => dbs?.cleanup());
  afterEach(() => layers.disposeAll());
  const modules: Tree = { [OWNED]: packageJson('baz', '3.0.0'), [MINE]: packageJson('lodash', '4.17.20') };

  it('wants the rpm databases on disk', () => {
    for (const path of [
      'var/lib/rpm/rpmdb.sqlite',
      'var/lib/rpm/Packages',
      'usr/lib/sysimage/rpm/Packages.db',
    ]) {
      assert.equal(nodejsPackageScanner.wants(path, 'file'), 'file', path);
    }
  });

  for (const kind of ['sqlite', 'bdb'] as const) {
    it(`skips a package.json an rpm package of the layer owns (${kind} database), and reads it in a layer without the database`, {
      skip,
    }, async () => {
      const name = kind === 'sqlite' ? 'rpmdb.sqlite' : 'Packages';
      const owned = await scan({
        [`var/lib/rpm/${name}`]: readFileSync((dbs as OwnerDatabases)[kind]),
        ...modules,
      });
      assert.deepEqual(
        owned.packages.map((p) => p.filepath),
        [MINE],
      );
      const unowned = await scan(modules);
      assert.deepEqual(unowned.packages.map((p) => p.filepath).sort(), [OWNED, MINE]);
    });
  }

  it('reports no repository when every package.json of the layer is owned by an rpm package', {
    skip,
  }, async () => {
    const { packages, repositories } = await scan({
      'var/lib/rpm/rpmdb.sqlite': readFileSync((dbs as OwnerDatabases).sqlite),
      [OWNED]: modules[OWNED] as string,
    });
    assert.deepEqual([packages, repositories], [[], []]);
  });
});
