import { pipeline, Readable } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type pg from 'pg';
import { InvalidInputError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { type BundleRecord, decodeRecord } from './bundle-record.ts';
import { readLines } from './read-lines.ts';
import { storeEnrichments } from './store/store-enrichments.ts';
import type { StoredUpdate } from './store/store-operation.ts';
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
  // pipeline, not pipe: a source that breaks off must end the read with its error.
  if (head[0] === 0x1f && head[1] === 0x8b) return pipeline(rest, createGunzip(), () => {});
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528)
    return pipeline(rest, createZstdDecompress(), () => {});
  return rest;
}

/**
 * Loads a bundle (Clair's jsonblob format) into the database: each operation in it, of
 * vulnerabilities or enrichments, becomes a new operation, unless the updater already has one of
 * that kind with the same fingerprint. Operations stream into the store one at a time; a bad
 * line fails its operation (rolled back) and stops the import.
 */
export async function importBundle(
  source: Readable,
  db: pg.Pool,
  log: Logger,
  name: string,
): Promise<ImportResult> {
  const lines = readLines(await decompressed(source));
  let lineNo = 0;
  let peeked: BundleRecord | undefined;
  const where = () => `bundle ${name} line ${lineNo}`;
  const read = async (): Promise<BundleRecord | undefined> => {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      lineNo++;
      if (next.value.trim() !== '') return decodeRecord(next.value, where());
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
      yield group;
      for (let r = await read(); r !== undefined; r = await read()) {
        if (r.ref !== group.ref) {
          peeked = r;
          return;
        }
        if (r.kind !== group.kind) {
          throw new InvalidInputError(
            `${where()}: a ${r.kind} record in operation ${group.ref} of ${group.kind} records`,
          );
        }
        yield r;
      }
    };
    const { rowCount } = await db.query(
      'SELECT 1 FROM matcher.update_operation WHERE updater = $1 AND fingerprint = $2 AND kind = $3',
      [group.updater, group.fingerprint, group.kind],
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
    const stored = await store(db, group, records());
    imported.push(group.updater);
    log.info('import done', {
      updater: group.updater,
      ref: stored.ref,
      records: stored.parsed,
      inserted: stored.inserted,
    });
  }
  return { imported, skipped };
}

/**
 * One operation's records stored as a new operation of its first record's kind (the reader has
 * checked that the others are of that kind too).
 */
function store(
  db: pg.Pool,
  first: BundleRecord,
  records: AsyncIterable<BundleRecord>,
): Promise<StoredUpdate> {
  if (first.kind === 'enrichment') {
    const enrichments = async function* () {
      for await (const r of records) if (r.kind === 'enrichment') yield r.enrichment;
    };
    return storeEnrichments(db, first.updater, first.fingerprint, enrichments());
  }
  const vulnerabilities = async function* () {
    for await (const r of records) if (r.kind === 'vulnerability') yield r.vulnerability;
  };
  return storeUpdate(db, first.updater, first.fingerprint, vulnerabilities());
}
