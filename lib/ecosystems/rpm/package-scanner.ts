import { basename, dirname } from 'node:path';
import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles, Want } from '../../indexer/layer-files.ts';
import { oncePerLayer } from '../../indexer/once-per-layer.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { TarEntryType } from '../../indexer/tar/tar-parser.ts';
import type { PackageScanner, ScannedPackage } from '../../indexer/types.ts';
import { isBdb, readBdbValues } from './bdb.ts';
import { openFileReader } from './file-reader.ts';
import { isNdb, readNdbBlobs } from './ndb.ts';
import { rpmPackage } from './rpm-package.ts';
import { isSqlite, readSqliteBlobs } from './sqlite-db.ts';

const NAMES = new Set(['rpmdb.sqlite', 'Packages', 'Packages.db']);

/** Which entries an rpm database reader needs: every file that may be an rpm database, on disk. */
export const wantsRpmDatabase = (path: string, type: TarEntryType): Want =>
  type === 'file' && NAMES.has(basename(path)) ? 'file' : 'none';

/** The packages of every rpm database in the layer, database by database, unsorted. */
export function readRpmDatabases(files: LayerFiles): ScannedPackage[] {
  return rpmDatabaseHeaders(files).flatMap(({ db, headers }) =>
    headers.flatMap((blob, i) => {
      try {
        return rpmPackage(blob, db) ?? [];
      } catch (cause) {
        if (!(cause instanceof InvalidInputError)) throw cause;
        throw headerError(db, i, cause);
      }
    }),
  );
}

/** An rpm database of the layer: its package_db name (`<kind>:<folder>`) and its header blobs. */
export type RpmDatabaseHeaders = { readonly db: string; readonly headers: readonly Buffer[] };

/**
 * The header blobs of every rpm database in the layer, in archive order; files that are not one
 * are left out. Read once per layer for the rpm, rhel and language scanners.
 */
export const rpmDatabaseHeaders = oncePerLayer(readDatabaseHeaders);

function readDatabaseHeaders(files: LayerFiles): readonly RpmDatabaseHeaders[] {
  const out: RpmDatabaseHeaders[] = [];
  for (const path of files.paths()) {
    const file = files.entry(path)?.file;
    if (file === undefined || !NAMES.has(basename(path))) continue;
    const found = readDatabase(file, dirname(path));
    if (found !== undefined) out.push(found);
  }
  return out;
}

/** The error for the header at index i of database db that could not be read. */
export function headerError(db: string, i: number, cause: InvalidInputError): InvalidInputError {
  return new InvalidInputError(`rpm database ${db}: header ${i + 1}: ${cause.message}`, { cause });
}

/**
 * Packages in rpm databases of every backend rpm has had: rpmdb.sqlite (rpm 4.16+, RHEL 9),
 * Berkeley DB `Packages` (RHEL 7 and 8) and ndb `Packages.db` (SUSE). A candidate file is
 * recognised by its magic bytes, so a stray file of the same name is not read as a database.
 */
export const rpmScanner: PackageScanner = {
  name: 'rpm',
  version: '10',
  kind: 'package',
  wants: wantsRpmDatabase,
  scan: async (files) => sortPackages(readRpmDatabases(files)),
};

function readDatabase(file: string, dir: string): RpmDatabaseHeaders | undefined {
  const reader = openFileReader(file);
  let db = dir;
  let blobs: Buffer[];
  try {
    const head = reader.read(0, 512);
    const kind = isSqlite(head) ? 'sqlite' : isBdb(head) ? 'bdb' : isNdb(head) ? 'ndb' : undefined;
    if (kind === undefined) return undefined;
    db = `${kind}:${dir}`;
    blobs =
      kind === 'sqlite'
        ? readSqliteBlobs(file)
        : kind === 'bdb'
          ? readBdbValues(reader)
          : readNdbBlobs(reader);
  } catch (cause) {
    // Only a database that does not read as one is bad input; anything else is not the layer's fault.
    if (!(cause instanceof InvalidInputError)) throw cause;
    throw new InvalidInputError(`rpm database ${db}: ${cause.message}`, { cause });
  } finally {
    reader.close();
  }
  return { db, headers: blobs };
}
