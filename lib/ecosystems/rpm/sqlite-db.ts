import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../../errors.ts';

/** True when the file starts with SQLite's magic. */
export function isSqlite(head: Buffer): boolean {
  return head.toString('latin1', 0, 16) === 'SQLite format 3\0';
}

/** Every rpm header blob in an rpmdb.sqlite, in install order. */
export function readSqliteBlobs(path: string): Buffer[] {
  // immutable: the file is a copy from a layer; no locks, no -wal or -shm beside it.
  const url = pathToFileURL(path);
  url.search = '?immutable=1';
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(url.href, { readOnly: true });
  } catch (cause) {
    throw new InvalidInputError(`rpm sqlite: cannot open the database: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Packages'").get();
    if (table === undefined) throw new InvalidInputError('rpm sqlite: the database has no Packages table');
    return db
      .prepare('SELECT blob FROM Packages ORDER BY hnum')
      .all()
      .map((row) => Buffer.from(row.blob as Uint8Array));
  } catch (cause) {
    if (cause instanceof InvalidInputError) throw cause;
    throw new InvalidInputError(`rpm sqlite: cannot read the database: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    db.close();
  }
}
