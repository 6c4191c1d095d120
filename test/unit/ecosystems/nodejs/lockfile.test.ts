import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type LockedPackage, parseLockfile } from '../../../../lib/ecosystems/nodejs/lockfile.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { installedByNpmLs } from './npm-tree.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const read = (path: string): string => readFileSync(join(TESTDATA, path), 'utf8');
const ids = (packages: readonly LockedPackage[]): string[] => packages.map((p) => `${p.name}@${p.version}`);

/** A lockfile of v2/v3 shape holding these `packages` entries. */
const v3 = (packages: Record<string, unknown>): string =>
  JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages });

describe('npm lockfile', () => {
  for (const [version, path] of [
    [3, 'npm-tree/package-lock.json'],
    [2, 'lockfile-v2/package-lock.json'],
    [1, 'lockfile-v1/package-lock.json'],
  ] as const) {
    it(`locks the packages npm ls printed for the tree, in an npm lockfileVersion ${version}`, () => {
      const text = read(path);
      assert.equal(JSON.parse(text).lockfileVersion, version);
      const locked = ids(parseLockfile(text));
      assert.deepEqual(locked.toSorted(), [...installedByNpmLs()].sort());
      assert.equal(new Set(locked).size, locked.length);
    });
  }

  it('names a package by the last node_modules/ of its key, or its name field for an alias', () => {
    const packages = parseLockfile(
      v3({
        '': { name: 'app', version: '1.0.0' },
        'node_modules/@hapi/hoek': { version: '8.5.0' },
        'node_modules/send/node_modules/ms': { version: '2.1.1' },
        'node_modules/old-lodash': { name: 'lodash', version: '4.17.20' },
      }),
    );
    assert.deepEqual(ids(packages), ['@hapi/hoek@8.5.0', 'ms@2.1.1', 'lodash@4.17.20']);
  });

  it('leaves out the project, its workspace folders, links and entries without a version', () => {
    const packages = parseLockfile(
      v3({
        '': { name: 'app', version: '1.0.0', workspaces: ['packages/*'] },
        'packages/web': { name: 'web', version: '2.0.0' },
        'node_modules/web': { resolved: 'packages/web', link: true },
        'node_modules/no-version': { resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz' },
        'node_modules/empty-version': { version: '' },
        'node_modules/mocha': { version: '10.2.0', dev: true },
      }),
    );
    assert.deepEqual(ids(packages), ['mocha@10.2.0']);
  });

  it('leaves out what npm would not install on Linux, by the os field npm records', () => {
    const packages = parseLockfile(
      v3({
        'node_modules/fsevents': { version: '2.3.3', optional: true, os: ['darwin'] },
        'node_modules/not-linux': { version: '1.0.0', os: ['!linux', '!win32'] },
        'node_modules/not-windows': { version: '1.0.0', os: ['!win32'] },
        'node_modules/unix': { version: '1.0.0', os: ['darwin', 'linux'] },
        'node_modules/linux-only': { version: '1.0.0', os: 'linux' },
        'node_modules/any': { version: '1.0.0', os: ['any'] },
        'node_modules/@esbuild/linux-x64': {
          version: '0.19.12',
          optional: true,
          os: ['linux'],
          cpu: ['x64'],
        },
        'node_modules/@esbuild/win32-x64': {
          version: '0.19.12',
          optional: true,
          os: ['win32'],
          cpu: ['x64'],
        },
      }),
    );
    assert.deepEqual(ids(packages), [
      'not-windows@1.0.0',
      'unix@1.0.0',
      'linux-only@1.0.0',
      'any@1.0.0',
      '@esbuild/linux-x64@0.19.12',
    ]);
  });

  it('reads v1 aliases as the aliased package and leaves out file: dependencies', () => {
    const packages = parseLockfile(
      JSON.stringify({
        lockfileVersion: 1,
        dependencies: {
          'old-lodash': { version: 'npm:lodash@4.17.20' },
          'scoped-alias': { version: 'npm:@hapi/hoek@8.5.0' },
          local: { version: 'file:../local' },
          debug: { version: '2.6.9', dependencies: { ms: { version: '2.0.0' } } },
        },
      }),
    );
    assert.deepEqual(ids(packages).sort(), ['@hapi/hoek@8.5.0', 'debug@2.6.9', 'lodash@4.17.20', 'ms@2.0.0']);
  });

  it('walks v1 nesting of any depth without recursion', () => {
    const depth = 100_000;
    const text = `{${'"dependencies":{"a":{"version":"1.0.0",'.repeat(depth)}"dependencies":{}${'}}'.repeat(depth)}}`;
    assert.deepEqual(ids(parseLockfile(text)), ['a@1.0.0']);
  });

  it('reads a lockfile without dependencies as none', () => {
    assert.deepEqual(parseLockfile('{"name":"app","version":"1.0.0","lockfileVersion":1}'), []);
  });

  it('fails on text that is not a lockfile, naming what is wrong', () => {
    for (const [text, message] of [
      ['{"packages": ', /^not JSON: /],
      ['[]', /^not a lockfile: want a JSON object$/],
      ['{"packages": []}', /^"packages" is not an object$/],
      ['{"packages": {"node_modules/a": "1.0.0"}}', /^packages\["node_modules\/a"\] is not an object$/],
      [
        '{"dependencies": {"a": {"version": "1.0.0", "dependencies": []}}}',
        /^"dependencies" of "a" is not an object$/,
      ],
      ['{"dependencies": {"a": null}}', /^"a" in "dependencies" is not an object$/],
    ] as const) {
      assert.throws(
        () => parseLockfile(text),
        (err) => err instanceof InvalidInputError && message.test(err.message),
      );
    }
  });
});
