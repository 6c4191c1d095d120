import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRpmHeader, TAG } from '../../../../lib/ecosystems/rpm/header.ts';
import { rpmPackage } from '../../../../lib/ecosystems/rpm/rpm-package.ts';
import type { ScannedPackage } from '../../../../lib/indexer/types.ts';
import { buildRpmFixtures, type RpmFixtures, rpmToolsInstalled, SKIP_MESSAGE } from './rpmdb-fixtures.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
const DB = 'sqlite:var/lib/rpm';

describe('rpm package', () => {
  it('describes the package of a real Fedora header', () => {
    const want = JSON.parse(readFileSync(join(TESTDATA, 'package.header.want.json'), 'utf8'));
    assert.deepEqual(rpmPackage(readFileSync(join(TESTDATA, 'package.header')), DB), want);
  });
});

describe('rpm package from rpmbuild headers', { skip }, () => {
  let fx: RpmFixtures;
  let byName: Map<string, ScannedPackage>;
  before(() => {
    fx = buildRpmFixtures();
    byName = new Map(
      fx.headers.flatMap((h) => {
        const p = rpmPackage(h, DB);
        return p === undefined ? [] : [[p.name, p] as const];
      }),
    );
  });
  after(() => fx?.cleanup());

  it('describes each package as the golden file says', () => {
    const want: ScannedPackage[] = JSON.parse(readFileSync(join(TESTDATA, 'packages.want.json'), 'utf8'));
    assert.deepEqual(
      [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
      want,
    );
  });

  it('skips the gpg-pubkey entry rpm keeps for an imported key', () => {
    const keys = fx.headers.filter((h) => parseRpmHeader(h).string(TAG.name) === 'gpg-pubkey');
    assert.equal(keys.length, 1);
    assert.equal(rpmPackage(keys[0] as Buffer, DB), undefined);
  });

  it('writes a non-zero epoch before the version', () => {
    assert.equal(byName.get('clairless-epoch')?.version, '2:1.0-3');
  });

  it('leaves out an epoch the package does not have', () => {
    assert.equal(byName.get('clairless-many-files')?.version, '4.2.1-1.el9');
  });

  it('cuts the modularity label to its name and stream', () => {
    assert.equal(byName.get('clairless-nodejs')?.module, 'nodejs:18');
    assert.equal(byName.get('clairless-many-files')?.module, '');
  });

  const sources: { name: string; binary: string; want: { name: string; version: string } }[] = [
    {
      name: 'a .src.rpm whose name holds dashes',
      binary: 'clairless-many-files',
      want: { name: 'clairless-many-files', version: '4.2.1-1.el9' },
    },
    {
      // Source rpms never record an epoch (claircore logs a warning about it once).
      name: 'the source of a package with an epoch, without the epoch',
      binary: 'clairless-epoch',
      want: { name: 'clairless-epoch', version: '1.0-3' },
    },
    {
      name: 'the source of a subpackage, named after its parent',
      binary: 'clairless-epoch-libs',
      want: { name: 'clairless-epoch', version: '1.0-3' },
    },
    {
      name: 'a .nosrc.rpm',
      binary: 'clairless-nodejs',
      want: { name: 'clairless-nodejs', version: '18.18.2-1.module+el8.9.0+20473+c4e3d824' },
    },
  ];
  for (const s of sources) {
    it(`reads ${s.name}`, () => assert.deepEqual(byName.get(s.binary)?.source, s.want));
  }
});
