// A spooled feed read back through its compression, chosen as claircore's ovalutil.Fetcher
// chooses it (claircore-engine.md 6.2 "OVAL helpers").
import { createReadStream } from 'node:fs';
import { type Duplex, PassThrough, Readable } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type unbzip2 from 'unbzip2-stream';
import { InvalidInputError } from '../errors.ts';

export type Compression = 'none' | 'gzip' | 'bzip2' | 'zstd';

const BY_MEDIA_TYPE: Readonly<Record<string, Compression>> = {
  'application/x-bzip2': 'bzip2',
  'application/gzip': 'gzip',
  'application/x-gzip': 'gzip',
  'application/zstd': 'zstd',
};

/** The file name ending that says each compression; none has none. */
export const COMPRESSION_EXTENSIONS: Readonly<Record<Compression, string>> = {
  none: '',
  gzip: '.gz',
  bzip2: '.bz2',
  zstd: '.zst',
};

/** The compression a file or URL path's ending says; none for any other. */
export function compressionOfName(name: string): Compression {
  const ending = /\.(gz|bz2|zst)$/.exec(name)?.[0];
  const found = Object.entries(COMPRESSION_EXTENSIONS).find(([, ext]) => ext !== '' && ext === ending);
  return (found?.[0] as Compression | undefined) ?? 'none';
}

/** The compression a file's first bytes say, as claircore's zreader detects it; none for any other. */
export function compressionOfBytes(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (/^BZh[1-9]/.test(head.toString('latin1', 0, 4))) return 'bzip2';
  return 'none';
}

/**
 * claircore's "auto": a well-formed Content-Type decides (any type but bzip2, gzip or zstd meaning
 * none); else a compression ending of Content-Disposition's filename; else the URL path's ending.
 */
export function detectCompression(headers: Headers, url: string): Compression {
  const type = /^\s*([\w.+-]+\/[\w.+-]+)\s*(;|$)/.exec(headers.get('content-type') ?? '')?.[1];
  if (type !== undefined) return BY_MEDIA_TYPE[type.toLowerCase()] ?? 'none';
  const disposition = headers.get('content-disposition') ?? '';
  const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const named = compressionOfName(filename ?? '');
  return named !== 'none' ? named : compressionOfName(new URL(url).pathname);
}

/**
 * The file's bytes, decompressed as it is read. Data that is not in the compression, corrupt or
 * cut short throws InvalidInputError naming `feed`.
 */
export async function* decompressedChunks(
  file: string,
  compression: Compression,
  feed: string,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  try {
    // The decoder first: the file is opened only once something listens for its errors.
    const decoder = await decoderOf(compression);
    yield* decompressed(createReadStream(file, { signal }), decoder);
  } catch (cause) {
    const err = cause as NodeJS.ErrnoException;
    if (compression === 'none' || err.syscall !== undefined || err.name === 'AbortError') throw cause;
    throw new InvalidInputError(`${feed}: ${compression} data is corrupt or cut short: ${err.message}`, {
      cause,
    });
  }
}

type Decoder = Duplex | ReturnType<typeof unbzip2>;

async function decoderOf(compression: Compression): Promise<Decoder | undefined> {
  if (compression === 'gzip') return createGunzip();
  if (compression === 'zstd') return createZstdDecompress();
  // Only Oracle's feed is bzip2: its decoder is loaded when first needed, not at every cold start.
  if (compression === 'bzip2') return (await import('unbzip2-stream')).default();
  return undefined;
}

function decompressed(source: Readable, decoder: Decoder | undefined): Readable {
  if (decoder === undefined) return source;
  source.once('error', (err) => decoder.emit('error', err));
  source.pipe(decoder);
  return decoder instanceof Readable ? decoder : readableOf(decoder);
}

/**
 * unbzip2-stream's classic stream as a Readable, with backpressure. Not Readable.wrap: that
 * destroys the result on the classic stream's 'close', which comes before the end is read.
 */
function readableOf(classic: ReturnType<typeof unbzip2>): Readable {
  const out = new PassThrough();
  classic.on('data', (chunk: Buffer) => {
    if (!out.write(chunk)) {
      classic.pause();
      out.once('drain', () => classic.resume());
    }
  });
  classic.on('end', () => out.end());
  classic.on('error', (err: Error) => out.destroy(err));
  return out;
}
