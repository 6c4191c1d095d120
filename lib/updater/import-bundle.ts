import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type pg from 'pg';
import type { Logger } from '../log.ts';
import { type BundleRecord, decodeRecord } from './bundle-record.ts';
import { storeUpdate } from './store/store-update.ts';

export type ImportResult = { readonly imported: readonly string[]; readonly skipped: readonly string[] };

/** The stream decompressed as its first bytes say (gzip, zstd, or plain NDJSON). */
async function decompressed(source: Readable): Promise<Readable> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const rest = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next())
        yield next.value as Buffer;
    })(),
  );
  if (head[0] === 0x1f && head[1] === 0x8b) return rest.pipe(createGunzip());
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return rest.pipe(createZstdDecompress());
  return rest;
}

/**
 * Loads a bundle (Clair's jsonblob format) into the database: each operation in it becomes a new
 * operation, unless the updater already has one with the same fingerprint. Operations stream
 * into the store one at a time; a bad line fails its operation (rolled back) and stops the import.
 */
export async function importBundle(
  source: Readable,
  db: pg.Pool,
  log: Logger,
  name: string,
): Promise<ImportResult> {
  const lines = createInterface({ input: await decompressed(source), crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  let lineNo = 0;
  let enrichments = 0;
  let peeked: BundleRecord | undefined;
  const read = async (): Promise<BundleRecord | undefined> => {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      lineNo++;
      if (next.value.trim() === '') continue;
      const record = decodeRecord(next.value, `bundle ${name} line ${lineNo}`);
      if (record !== undefined) return record;
      enrichments++;
    }
    return undefined;
  };
  const imported: string[] = [];
  const skipped: string[] = [];
  for (let first = await read(); first !== undefined; first = peeked) {
    peeked = undefined;
    const group = first;
    // The records of one operation are consecutive and share its ref.
    const records = async function* () {
      yield group.vulnerability;
      for (let r = await read(); r !== undefined; r = await read()) {
        if (r.ref !== group.ref) {
          peeked = r;
          return;
        }
        yield r.vulnerability;
      }
    };
    const { rowCount } = await db.query(
      `SELECT 1 FROM matcher.update_operation WHERE updater = $1 AND fingerprint = $2 AND kind = 'vulnerability'`,
      [group.updater, group.fingerprint],
    );
    if (rowCount !== 0) {
      for await (const _ of records());
      skipped.push(group.updater);
      log.info('import skip', {
        updater: group.updater,
        reason: 'an operation with this fingerprint is already stored',
      });
      continue;
    }
    const stored = await storeUpdate(db, group.updater, group.fingerprint, records());
    imported.push(group.updater);
    log.info('import done', {
      updater: group.updater,
      ref: stored.ref,
      records: stored.parsed,
      inserted: stored.inserted,
    });
  }
  if (enrichments > 0)
    log.warn('import skip enrichments', { records: enrichments, reason: 'enrichments are not stored' });
  return { imported, skipped };
}
