import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePath } from '../../../../lib/indexer/tar/normalize-path.ts';

describe('normalizePath', () => {
  const cases: { name: string; path: string; want: string }[] = [
    { name: 'keeps a relative path', path: 'etc/os-release', want: 'etc/os-release' },
    { name: 'drops a leading ./', path: './etc/os-release', want: 'etc/os-release' },
    { name: 'drops a leading slash', path: '/etc/os-release', want: 'etc/os-release' },
    { name: 'drops a trailing slash', path: 'usr/lib/', want: 'usr/lib' },
    { name: 'folds repeated slashes', path: 'usr//lib///os-release', want: 'usr/lib/os-release' },
    { name: 'resolves . segments', path: 'usr/./lib/.', want: 'usr/lib' },
    { name: 'resolves .. segments', path: 'usr/lib/../share/doc', want: 'usr/share/doc' },
    { name: 'never climbs above the root', path: '/etc/../../etc/passwd', want: 'etc/passwd' },
    { name: 'stays at the root for ../../..', path: '../../..', want: '' },
    { name: 'gives the root as ""', path: './', want: '' },
    { name: 'gives "" for ""', path: '', want: '' },
    {
      name: 'keeps names that only look like dots',
      path: '.../..a/.wh..wh..opq',
      want: '.../..a/.wh..wh..opq',
    },
  ];
  for (const { name, path, want } of cases) {
    it(`${name}: ${JSON.stringify(path)}`, () => {
      assert.equal(normalizePath(path), want);
    });
  }
});
