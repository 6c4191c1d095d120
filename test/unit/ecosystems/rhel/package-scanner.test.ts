import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { rhelPackageScanner } from '../../../../lib/ecosystems/rhel/package-scanner.ts';
import { rpmScanner } from '../../../../lib/ecosystems/rpm/package-scanner.ts';
import type { ScannedPackage } from '../../../../lib/indexer/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { type EntrySpec, layerOf } from '../../indexer/layer-dir.ts';
import {
  buildRpmFixtures,
  type RpmFixtures,
  rpmToolsInstalled,
  SKIP_MESSAGE,
} from '../rpm/rpmdb-fixtures.ts';

const REAL_DNF4 = join(import.meta.dirname, 'testdata', 'dnf4', 'var/lib/dnf/history.sqlite');
const DNF4 = 'var/lib/dnf/history.sqlite';
const RPMDB = 'var/lib/rpm/rpmdb.sqlite';
const MANIFEST = 'root/buildinfo/content_manifests/image-1.json';

type Installed = {
  name: string;
  epoch: number;
  version: string;
  release: string;
  arch: string;
  repoid: string;
};

/** hint for each package, by name: what the scanner set in its repository hint. */
const hints = (packages: readonly ScannedPackage[]): Record<string, string> =>
  Object.fromEntries(packages.map((p) => [p.name, p.repositoryHint]));

describe('rhel package scanner', () => {
  it('is the package scanner rhel-package-scanner, version 1', () => {
    assert.deepEqual(
      [rhelPackageScanner.name, rhelPackageScanner.version, rhelPackageScanner.kind],
      ['rhel-package-scanner', '1', 'package'],
    );
  });

  it('wants the rpm databases and DNF histories as files, content manifests as content', () => {
    for (const path of [RPMDB, 'var/lib/rpm/Packages', 'usr/lib/sysimage/rpm/Packages.db', DNF4]) {
      assert.equal(rhelPackageScanner.wants(path, 'file'), 'file', path);
    }
    assert.equal(rhelPackageScanner.wants(MANIFEST, 'file'), 'content');
    assert.equal(rhelPackageScanner.wants('etc/os-release', 'file'), 'none');
  });

  it('reports nothing for a layer with a DNF history but no rpm database', async () => {
    assert.deepEqual(
      await rhelPackageScanner.scan(layerOf(rhelPackageScanner, [[DNF4, { from: REAL_DNF4 }]])),
      [],
    );
  });
});

describe('rhel package scanner on real databases', {
  skip: rpmToolsInstalled() ? false : SKIP_MESSAGE,
}, () => {
  let fx: RpmFixtures;
  let rpmdb: [string, EntrySpec];
  let history: [string, EntrySpec];
  before(() => {
    fx = buildRpmFixtures();
    rpmdb = [RPMDB, { from: join(fx.roots.sqlite, RPMDB) }];
    // Two of the fixture's four packages, installed by DNF, in the real dnf4 history's schema.
    history = [
      DNF4,
      {
        from: historyWith([
          {
            name: 'clairless-epoch',
            epoch: 2,
            version: '1.0',
            release: '3',
            arch: 'noarch',
            repoid: 'rhel-9-appstream',
          },
          {
            name: 'clairless-many-files',
            epoch: 0,
            version: '4.2.1',
            release: '1.el9',
            arch: 'x86_64',
            repoid: 'rhel-9-baseos',
          },
        ]),
      },
    ];
  });
  after(() => fx?.cleanup());

  /** A copy of the real dnf4 history with these packages installed too. */
  const historyWith = (installed: readonly Installed[]): string => {
    const file = join(fx.scratch(), 'history.sqlite');
    copyFileSync(REAL_DNF4, file);
    const db = new DatabaseSync(file);
    for (const p of installed) {
      const item = Number(db.prepare('INSERT INTO item (item_type) VALUES (1)').run().lastInsertRowid);
      db.prepare(
        'INSERT INTO rpm (item_id, name, epoch, version, release, arch) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(item, p.name, p.epoch, p.version, p.release, p.arch);
      const repo = Number(db.prepare('INSERT INTO repo (repoid) VALUES (?)').run(p.repoid).lastInsertRowid);
      db.prepare(
        'INSERT INTO trans_item (trans_id, item_id, repo_id, action, reason, state) VALUES (2, ?, ?, 1, 1, 1)',
      ).run(item, repo);
    }
    db.close();
    return file;
  };
  const scan = (entries: [string, EntrySpec][]) =>
    rhelPackageScanner.scan(layerOf(rhelPackageScanner, entries), {
      config: {},
      signal: new AbortController().signal,
      log: captureLog().log,
    });

  it('reports what the rpm scanner reports when the layer has no DNF history', async () => {
    const want = await rpmScanner.scan(layerOf(rpmScanner, [rpmdb]));
    assert.equal(want.length, 4);
    assert.deepEqual(await scan([rpmdb]), want);
  });

  it('adds the DNF repoid to the hint of each package DNF installed, when there is no content manifest', async () => {
    const got = await scan([rpmdb, history]);
    assert.deepEqual(hints(got), {
      'clairless-epoch': 'repoid=rhel-9-appstream',
      'clairless-epoch-libs': '',
      'clairless-many-files': 'repoid=rhel-9-baseos',
      'clairless-nodejs': '',
    });
    const rpm = await rpmScanner.scan(layerOf(rpmScanner, [rpmdb]));
    assert.deepEqual(
      got.map((p) => ({ ...p, repositoryHint: '' })),
      rpm,
    );
  });

  it('adds the DNF repoids when the content manifest says from_dnf_hint', async () => {
    const manifest: [string, EntrySpec] = [
      MANIFEST,
      JSON.stringify({ content_sets: ['x'], from_dnf_hint: true }),
    ];
    assert.equal(hints(await scan([manifest, rpmdb, history]))['clairless-epoch'], 'repoid=rhel-9-appstream');
  });

  it('adds no repoid when the content manifest names the content sets', async () => {
    for (const text of [
      JSON.stringify({ content_sets: ['x'] }),
      JSON.stringify({ content_sets: ['x'], from_dnf_hint: false }),
    ]) {
      const got = await scan([[MANIFEST, text], rpmdb, history]);
      assert.deepEqual(new Set(Object.values(hints(got))), new Set(['']), text);
    }
  });

  it('adds the DNF repoids when the content manifest is not JSON, as if it were absent', async () => {
    const got = await scan([[MANIFEST, 'File replaced by RapidFort'], rpmdb, history]);
    assert.equal(hints(got)['clairless-many-files'], 'repoid=rhel-9-baseos');
  });
});
