import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../../errors.ts';

/** True when the file starts with SQLite's magic. */
export function isSqlite(head: Buffer): boolean {
  return head.toString('latin1', 0, 16) === 'SQLite format 3\0';
}

/**
 * A SQLite file copied out of a layer, opened read-only and immutable: nothing else writes it, and
 * no -wal or -shm beside it counts. `what` names the database in the error.
 */
export function openLayerSqlite(path: string, what: string): DatabaseSync {
  const url = pathToFileURL(path);
  url.search = '?immutable=1';
  try {
    return new DatabaseSync(url.href, { readOnly: true });
  } catch (cause) {
    throw new InvalidInputError(`${what}: cannot open the database: ${(cause as Error).message}`, { cause });
  }
}

/** Every rpm header blob in an rpmdb.sqlite, in install order. */
export function readSqliteBlobs(path: string): Buffer[] {
  const db = openLayerSqlite(path, 'rpm sqlite');
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
