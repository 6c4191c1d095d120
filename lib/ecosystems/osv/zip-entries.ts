// The JSON files of an OSV `all.zip`, read one at a time from the spooled file, so memory holds
// one advisory whatever the size of the dump.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { InvalidInputError } from '../../errors.ts';

export type ZipEntry = { readonly name: string; readonly text: string };

/** The largest single advisory accepted; the biggest OSV records (kernels) are a few MiB. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/**
 * Yields each `*.json` file of the zip (directories and other files are passed over) as UTF-8
 * text. A file that is not a zip, a broken or oversized entry, or bytes that are not UTF-8 throw
 * InvalidInputError naming the entry; failures to read the file itself keep their own error.
 */
export async function* readZipEntries(
  file: string,
  maxEntryBytes = MAX_ENTRY_BYTES,
): AsyncGenerator<ZipEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) =>
      err === null ? resolve(z) : reject(asInput(err, 'zip')),
    ),
  );
  const next = entryReader(zip);
  try {
    for (let entry = await next(); entry !== undefined; entry = await next()) {
      if (!entry.fileName.endsWith('.json')) continue;
      const where = `zip entry ${JSON.stringify(entry.fileName)}`;
      if (entry.uncompressedSize > maxEntryBytes) {
        throw new InvalidInputError(`${where}: ${entry.uncompressedSize} bytes, more than ${maxEntryBytes}`);
      }
      yield { name: entry.fileName, text: await readEntry(zip, entry, maxEntryBytes, where) };
    }
  } finally {
    zip.close();
  }
}

/** Asks for one entry at a time; an error the zip reports at any point fails the next ask. */
function entryReader(zip: yauzl.ZipFile): () => Promise<yauzl.Entry | undefined> {
  let failure: Error | undefined;
  let waiting: { resolve: (e: yauzl.Entry | undefined) => void; reject: (err: Error) => void } | undefined;
  zip.on('entry', (entry: yauzl.Entry) => waiting?.resolve(entry));
  zip.on('end', () => waiting?.resolve(undefined));
  zip.on('error', (err: Error) => {
    failure = asInput(err, 'zip');
    waiting?.reject(failure);
  });
  return () =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      waiting = { resolve, reject };
      zip.readEntry();
    });
}

async function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  maxBytes: number,
  where: string,
): Promise<string> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err === null ? resolve(s) : reject(asInput(err, where)))),
  );
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > maxBytes) throw new InvalidInputError(`${where}: more than ${maxBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    throw asInput(err, where);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch (cause) {
    throw new InvalidInputError(`${where}: not UTF-8 text`, { cause });
  }
}

// Failures of the file system (they carry a syscall) are not the feed's fault; anything else
// yauzl or zlib reports is about the bytes.
function asInput(err: unknown, where: string): Error {
  if (err instanceof InvalidInputError || (err instanceof Error && 'syscall' in err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InvalidInputError(`${where}: ${message}`, { cause: err });
}
