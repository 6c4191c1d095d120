// The fetched VEX feed as one zstd file of lines `<document path>\t<document JSON on one line>`
// (claircore spools newline-delimited JSON too): fetch writes it, parse streams it back.

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { constants, createZstdCompress, createZstdDecompress } from 'node:zlib';
import { InvalidInputError } from '../../../errors.ts';
import { readLines } from '../../../updater/read-lines.ts';

export type SpoolWriter = {
  /** Adds a document; resolves once the spool can take more. */
  write(path: string, json: string): Promise<void>;
  /** Flushes and closes the file; the bytes written. */
  close(): Promise<number>;
  readonly documents: number;
};

const CHUNK = 1024 * 1024;

export function spoolWriter(file: string): SpoolWriter {
  // zstd's fastest level: the spool is written once and read once, and the archive is large.
  const zstd = createZstdCompress({ chunkSize: CHUNK, params: { [constants.ZSTD_c_compressionLevel]: 1 } });
  const out = createWriteStream(file);
  let failure: Error | undefined;
  // pipeline: a failing file (a full disk) destroys zstd too, which wakes a write waiting to drain.
  const written = new Promise<void>((resolve, reject) =>
    pipeline(zstd, out, (err) => {
      if (err) {
        failure ??= err;
        reject(err);
      } else resolve();
    }),
  );
  written.catch(() => {});
  let documents = 0;
  return {
    async write(path, json) {
      if (failure !== undefined) throw failure;
      // JSON text holds raw line breaks only as whitespace (never inside strings): a space will do.
      documents++;
      if (!zstd.write(`${path}\t${json.replace(/[\r\n]+/g, ' ')}\n`)) await once(zstd, 'drain');
    },
    async close() {
      zstd.end();
      await written;
      return out.bytesWritten;
    },
    get documents() {
      return documents;
    },
  };
}

/** The spooled documents in order; a line that is not `path\tjson` is an InvalidInputError. */
export async function* readSpool(
  file: string,
  signal: AbortSignal,
): AsyncGenerator<{ readonly path: string; readonly json: string }> {
  // pipeline: an abort (or a read error) ends the read with its error instead of leaving it pending.
  const input = pipeline(
    createReadStream(file, { signal }),
    createZstdDecompress({ chunkSize: CHUNK }),
    () => {},
  );
  let line = 0;
  for await (const text of readLines(input)) {
    line++;
    const tab = text.indexOf('\t');
    if (tab === -1) throw new InvalidInputError(`vex spool line ${line}: want <path>\\t<json>`);
    yield { path: text.slice(0, tab), json: text.slice(tab + 1) };
  }
}
