import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { isSqlite, readSqliteBlobs } from '../../../../lib/ecosystems/rpm/sqlite-db.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { buildRpmFixtures, type RpmFixtures, rpmToolsInstalled, SKIP_MESSAGE } from './rpmdb-fixtures.ts';

const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;

describe('rpm sqlite reader', { skip }, () => {
  let fx: RpmFixtures;
  let db: string;
  before(() => {
    fx = buildRpmFixtures();
    db = join(fx.roots.sqlite, 'var/lib/rpm/rpmdb.sqlite');
  });
  after(() => fx?.cleanup());

  /** A copy of the database, changed by change. */
  const copy = (change: (path: string) => void): string => {
    const path = join(fx.scratch(), 'rpmdb.sqlite');
    copyFileSync(db, path);
    change(path);
    return path;
  };
  const sql = (statement: string) => (path: string) => {
    const d = new DatabaseSync(path);
    try {
      d.exec(statement);
    } finally {
      d.close();
    }
  };

  it('recognises an SQLite file by its magic', () => {
    assert.equal(isSqlite(readFileSync(db).subarray(0, 512)), true);
    assert.equal(isSqlite(Buffer.from('SQLite format 3')), false);
    assert.equal(isSqlite(fx.headers[0] as Buffer), false);
  });

  it('reads every header blob, in install order', () => {
    assert.deepEqual(readSqliteBlobs(db), fx.headers);
  });

  it('reads the database without writing beside it', () => {
    const path = copy(() => {});
    const before = readFileSync(path);
    readSqliteBlobs(path);
    assert.deepEqual(readFileSync(path), before);
  });

  it('rejects a database cut short', () => {
    const path = copy((p) => truncateSync(p, 8192));
    assert.throws(
      () => readSqliteBlobs(path),
      (err: Error) => err instanceof InvalidInputError && /^rpm sqlite: /.test(err.message),
    );
  });

  it('rejects a database without a Packages table', () => {
    const path = copy(sql('PRAGMA foreign_keys = OFF; DROP TABLE Packages'));
    assert.throws(() => readSqliteBlobs(path), {
      name: 'InvalidInputError',
      message: 'rpm sqlite: the database has no Packages table',
    });
  });

  it('rejects a file that is not a database', () => {
    const path = join(fx.scratch(), 'rpmdb.sqlite');
    writeFileSync(path, fx.headers[0] as Buffer);
    assert.throws(() => readSqliteBlobs(path), InvalidInputError);
  });
});
