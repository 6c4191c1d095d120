import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LayerLimitsConfig } from '../../config/types.ts';
import { type Digest, digestAlgorithm } from '../digest.ts';
import { DigestMismatchError, LayerFormatError, LayerLimitError } from '../errors.ts';
import { createTarParser, type EntryHandler } from '../tar/tar-parser.ts';
import { type Compression, decompressor, detectCompression, SNIFF_BYTES } from './decompress.ts';

export type ReadLayerOptions = {
  /** The layer digest, checked against the compressed bytes. */
  readonly digest: Digest;
  /** indexer.layer_fetch.max_bytes: largest compressed layer. */
  readonly maxCompressedBytes: number;
  readonly limits: LayerLimitsConfig;
  readonly onEntry: EntryHandler;
};

export type ReadLayerResult = {
  readonly compression: Compression;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
};

// Small layers compress oddly (a file of zeros); the ratio is judged once past this many bytes.
const RATIO_AFTER_BYTES = 16 * 2 ** 20;

/**
 * One pass over a layer body: hash and count the compressed bytes, recognise the compression by
 * its magic bytes, decompress, and hand the tar entries to onEntry, enforcing every limit as the
 * bytes arrive. The digest is compared at the end; a layer whose compression is not supported is
 * still hashed, so a body that is not the layer at all is reported as a digest mismatch.
 */
export async function readLayer(body: Readable, options: ReadLayerOptions): Promise<ReadLayerResult> {
  try {
    return await readBody(body, options);
  } finally {
    // Whatever stopped the read, the connection is not left open until the idle timeout.
    body.destroy();
  }
}

async function readBody(body: Readable, options: ReadLayerOptions): Promise<ReadLayerResult> {
  const hash = createHash(digestAlgorithm(options.digest));
  const counts = { compressed: 0, uncompressed: 0 };
  const compressed = tap(body, hash, counts, options.maxCompressedBytes)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < SNIFF_BYTES) {
    const next = await compressed.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  let compression: Compression;
  try {
    compression = detectCompression(Buffer.concat(head));
  } catch (err) {
    for (let next = await compressed.next(); !next.done; next = await compressed.next());
    checkDigest(options.digest, hash);
    throw err;
  }
  const source = async function* (): AsyncGenerator<Buffer> {
    yield* head;
    for (let next = await compressed.next(); !next.done; next = await compressed.next()) yield next.value;
  };
  const parser = createTarParser(options.onEntry);
  const consume = async (tar: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of tar) {
      counts.uncompressed += chunk.length;
      checkExpansion(counts, options.limits);
      parser.push(chunk);
    }
    parser.end();
  };
  try {
    if (compression === 'none') await consume(source());
    else await pipeline(source, decompressor(compression), consume);
  } catch (err) {
    if (err instanceof Error && 'code' in err && /^(Z_|ZSTD_error_)/.test(String(err.code))) {
      throw new LayerFormatError(`layer is not valid ${compression}: ${err.message}`, { cause: err });
    }
    throw err;
  }
  checkDigest(options.digest, hash);
  return { compression, compressedBytes: counts.compressed, uncompressedBytes: counts.uncompressed };
}

async function* tap(
  body: Readable,
  hash: Hash,
  counts: { compressed: number },
  maxBytes: number,
): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    counts.compressed += buf.length;
    if (counts.compressed > maxBytes) {
      body.destroy();
      throw new LayerLimitError(`layer is over ${maxBytes} bytes compressed (indexer.layer_fetch.max_bytes)`);
    }
    hash.update(buf);
    yield buf;
  }
}

function checkExpansion(
  counts: { compressed: number; uncompressed: number },
  limits: LayerLimitsConfig,
): void {
  if (counts.uncompressed > limits.maxUncompressedBytes) {
    throw new LayerLimitError(
      `layer is over ${limits.maxUncompressedBytes} bytes uncompressed (indexer.layer_limits.max_uncompressed_bytes)`,
    );
  }
  const ratio = counts.uncompressed / Math.max(counts.compressed, 1);
  if (counts.uncompressed > RATIO_AFTER_BYTES && ratio > limits.maxExpansionRatio) {
    throw new LayerLimitError(
      `layer expands more than ${limits.maxExpansionRatio} times (indexer.layer_limits.max_expansion_ratio): ${counts.compressed} bytes became ${counts.uncompressed}, a decompression bomb`,
    );
  }
}

function checkDigest(expected: Digest, hash: Hash): void {
  const actual = `${digestAlgorithm(expected)}:${hash.digest('hex')}`;
  if (actual !== expected)
    throw new DigestMismatchError(`layer ${expected} does not match its content, which hashes to ${actual}`);
}
