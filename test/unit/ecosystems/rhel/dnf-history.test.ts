import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { readDnfHistory, wantsDnfHistory } from '../../../../lib/ecosystems/rhel/dnf-history.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { mutate, random } from '../../../helpers/prng.ts';
import { type EntrySpec, layerOf } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const DNF4 = 'var/lib/dnf/history.sqlite';
const DNF5 = 'usr/lib/sysimage/libdnf5/transaction_history.sqlite';
const REAL_DNF4 = join(TESTDATA, 'dnf4', DNF4);
const REAL_DNF5 = join(TESTDATA, 'dnf5', DNF5);

const historyOf = (entries: [string, EntrySpec][]) =>
  readDnfHistory(layerOf({ wants: wantsDnfHistory }, entries));
const pkg = (name: string, version: string, arch: string) => ({ name, version, arch });

describe('dnf history', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'clairless-dnf-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('wants the dnf5 and dnf4 databases as files, and nothing else', () => {
    assert.equal(wantsDnfHistory(DNF5, 'file'), 'file');
    assert.equal(wantsDnfHistory(DNF4, 'file'), 'file');
    assert.equal(wantsDnfHistory(DNF4, 'dir'), 'none');
    assert.equal(wantsDnfHistory('var/lib/dnf/history.sqlite-wal', 'file'), 'none');
    assert.equal(wantsDnfHistory('var/lib/yum/history/history-2024-01-01.sqlite', 'file'), 'none');
  });

  it('is absent from a layer without either database', () => {
    assert.equal(historyOf([['etc/os-release', 'ID=rhel\n']]), undefined);
  });

  // claircore internal/dnf/dnf_test.go: TestFindRepoids and TestWrap.
  it('reads a real dnf4 history: its repoids and the repoid of an installed package', () => {
    const history = historyOf([[DNF4, { from: REAL_DNF4 }]]);
    assert.deepEqual([...(history?.repoids ?? [])].sort(), [
      'rhel-9-for-x86_64-appstream-rpms',
      'rhel-9-for-x86_64-baseos-rpms',
    ]);
    assert.equal(
      history?.repoidOf(pkg('apr-util-bdb', '1.6.1-23.el9', 'x86_64')),
      'rhel-9-for-x86_64-appstream-rpms',
    );
    assert.equal(history?.repoidOf(pkg('apr-util-bdb', '1.7.1-23.el9', 'x86_64')), undefined);
    assert.equal(history?.repoidOf(pkg('apr-util-bdb', '1.6.1-23.el9', 'aarch64')), undefined);
  });

  it('matches the epoch of a package version, 0 when it has none', () => {
    const history = historyOf([[DNF4, { from: REAL_DNF4 }]]);
    // The history records tcl with epoch 1 and less with epoch 0.
    assert.equal(history?.repoidOf(pkg('tcl', '1:8.6.10-7.el9', 'x86_64')), 'rhel-9-for-x86_64-baseos-rpms');
    assert.equal(history?.repoidOf(pkg('tcl', '8.6.10-7.el9', 'x86_64')), undefined);
    assert.equal(history?.repoidOf(pkg('less', '590-5.el9', 'x86_64')), 'rhel-9-for-x86_64-baseos-rpms');
    assert.equal(history?.repoidOf(pkg('less', '1:590-5.el9', 'x86_64')), undefined);
  });

  it('reads a real dnf5 history, told from dnf4 by its tables', () => {
    const history = historyOf([[DNF5, { from: REAL_DNF5 }]]);
    assert.deepEqual(history?.repoids, ['aea2214b263845539cc9b774ac8dd4c7']);
    assert.equal(
      history?.repoidOf(pkg('dnf5', '5.2.12.0-1.fc42', 'x86_64')),
      'aea2214b263845539cc9b774ac8dd4c7',
    );
    assert.equal(history?.repoidOf(pkg('dnf5', '5.2.12.0-1.fc42.local1', 'x86_64')), undefined);
  });

  it('reads a dnf4-shaped database wherever it lies, by its tables', () => {
    const history = historyOf([[DNF5, { from: REAL_DNF4 }]]);
    assert.equal(history?.repoidOf(pkg('less', '590-5.el9', 'x86_64')), 'rhel-9-for-x86_64-baseos-rpms');
  });

  it('prefers the dnf5 database when a layer has both', () => {
    const history = historyOf([
      [DNF4, { from: REAL_DNF4 }],
      [DNF5, { from: REAL_DNF5 }],
    ]);
    assert.deepEqual(history?.repoids, ['aea2214b263845539cc9b774ac8dd4c7']);
  });

  // claircore rhel/testdata: two small dnf4 histories made for its tests.
  for (const { file, want } of [
    {
      file: 'custom-dnf-history.sqlite',
      want: {
        repoids: ['test-repo-appstream', 'test-repo-baseos'],
        packages: [
          [pkg('glibc', '2.34-60.el9', 'x86_64'), 'test-repo-baseos'],
          [pkg('bash', '5.1.8-6.el9', 'x86_64'), 'test-repo-appstream'],
          [pkg('openssl-libs', '1:3.0.7-24.el9', 'x86_64'), 'test-repo-baseos'],
        ] as const,
      },
    },
    {
      file: 'matching-dnf-history.sqlite',
      want: {
        repoids: ['fedora-appstream-35', 'fedora-baseos-35'],
        packages: [
          [pkg('libgcc', '11.2.1-9.fc35', 'x86_64'), 'fedora-baseos-35'],
          [pkg('crypto-policies', '20210819-1.gitd0fdcfb.fc35', 'noarch'), 'fedora-appstream-35'],
        ] as const,
      },
    },
  ]) {
    it(`reads ${file}`, () => {
      const history = historyOf([[DNF4, { from: join(TESTDATA, file) }]]);
      assert.deepEqual([...(history?.repoids ?? [])].sort(), want.repoids);
      for (const [p, repoid] of want.packages) assert.equal(history?.repoidOf(p), repoid, p.name);
    });
  }

  it("answers each item's latest transaction that did not remove it", () => {
    // A copy of the real dnf4 history where less is removed, then reinstalled from another
    // repository, then removed again; and rsync is removed after its install.
    const file = join(scratch, 'history.sqlite');
    copyFileSync(REAL_DNF4, file);
    const db = new DatabaseSync(file);
    const item = (name: string) =>
      (db.prepare('SELECT item_id FROM rpm WHERE name = ?').get(name) as { item_id: number }).item_id;
    db.exec("INSERT INTO repo (repoid) VALUES ('custom-repo')");
    const custom = (db.prepare("SELECT id FROM repo WHERE repoid = 'custom-repo'").get() as { id: number })
      .id;
    const add = db.prepare(
      'INSERT INTO trans_item (trans_id, item_id, repo_id, action, reason, state) VALUES (1, ?, ?, ?, 1, 1)',
    );
    const [install, remove] = [1, 8];
    add.run(item('less'), 2, remove);
    add.run(item('less'), custom, install);
    add.run(item('less'), 2, remove);
    add.run(item('rsync'), 2, remove);
    db.close();
    const history = historyOf([[DNF4, { from: file }]]);
    assert.equal(history?.repoidOf(pkg('less', '590-5.el9', 'x86_64')), 'custom-repo');
    assert.equal(
      history?.repoidOf(pkg('rsync', '3.2.3-20.el9_5.1', 'x86_64')),
      'rhel-9-for-x86_64-baseos-rpms',
    );
    assert.ok(history?.repoids.includes('custom-repo'));
  });

  it('reads or rejects with InvalidInputError each of 200 damaged copies of a real history', () => {
    const real = readFileSync(REAL_DNF4);
    const r = random(0xd4f);
    const file = join(scratch, 'damaged.sqlite');
    const outcomes = { read: 0, rejected: 0 };
    for (let i = 0; i < 200; i++) {
      writeFileSync(file, mutate(real, r));
      try {
        historyOf([[DNF4, { from: file }]]);
        outcomes.read++;
      } catch (err) {
        assert.ok(
          err instanceof InvalidInputError,
          `mutation ${i}: ${(err as Error).name}: ${(err as Error).message}`,
        );
        outcomes.rejected++;
      }
    }
    assert.ok(outcomes.read > 0 && outcomes.rejected > 0, JSON.stringify(outcomes));
  });

  it('rejects a file that is not a history database, naming it', () => {
    const file = join(scratch, 'not-sqlite');
    writeFileSync(file, 'not a database');
    assert.throws(
      () => historyOf([[DNF4, { from: file }]]),
      (err: Error) => err instanceof InvalidInputError && err.message.startsWith(`dnf history ${DNF4}: `),
    );
  });
});
