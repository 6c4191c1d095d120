// What the build-info reader needs of an executable, whatever its format: where the build info
// should be, and the bytes at a virtual address. Binaries are large, so every format reads only
// its headers and the bytes asked for, with positional reads.
import { InvalidInputError } from '../../errors.ts';

/** A file read by position; read answers fewer bytes than asked only at the end of the file. */
export type RandomAccess = { readonly size: number; read(offset: number, length: number): Buffer };

export type Executable = {
  /**
   * The section or segment the Go linker puts the build info in: its virtual address and its size
   * in memory; undefined when the file has none.
   */
  readonly data: { readonly address: number; readonly size: number } | undefined;
  /**
   * Up to length bytes from a virtual address, as far as the one segment or section mapping it
   * holds them in the file; undefined when nothing maps the address.
   */
  readData(address: number, length: number): Buffer | undefined;
};

/**
 * The most read from a binary at once. Real header tables and build info are kilobytes, so a
 * length past this is crafted, and is refused before anything is allocated for it.
 */
export const MAX_READ = 16 * 2 ** 20;

/** Exactly length bytes at offset, or InvalidInputError naming what was cut short or larger than limit. */
export function readExact(
  file: RandomAccess,
  offset: number,
  length: number,
  what: string,
  limit = MAX_READ,
): Buffer {
  if (length > limit) {
    throw new InvalidInputError(
      `${what} (${length} bytes at offset ${offset}) is larger than the ${limit}-byte limit`,
    );
  }
  const bytes = offset + length <= file.size ? file.read(offset, length) : Buffer.alloc(0);
  if (bytes.length < length) {
    throw new InvalidInputError(
      `${what} (${length} bytes at offset ${offset}) runs past the end of the ${file.size}-byte file`,
    );
  }
  return bytes;
}

/** Integer fields of one byte order; 64-bit values past 2^53 are rejected as malformed. */
export type Fields = {
  u16(b: Buffer, at: number): number;
  u32(b: Buffer, at: number): number;
  u64(b: Buffer, at: number): number;
};

export function fields(littleEndian: boolean): Fields {
  return {
    u16: (b, at) => (littleEndian ? b.readUInt16LE(at) : b.readUInt16BE(at)),
    u32: (b, at) => (littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at)),
    u64(b, at) {
      const v = littleEndian ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new InvalidInputError(`a 64-bit header field is too large (0x${v.toString(16)})`);
      }
      return Number(v);
    },
  };
}

/**
 * A readData over mapped ranges (segments or sections): the first range holding the address
 * answers, as Go's debug/buildinfo reads.
 */
export function mappedReader(
  file: RandomAccess,
  ranges: readonly { address: number; offset: number; size: number; name: string }[],
): Executable['readData'] {
  return (address, length) => {
    const range = ranges.find((r) => r.size > 0 && r.address <= address && address < r.address + r.size);
    if (range === undefined) return undefined;
    const n = Math.min(length, range.address + range.size - address);
    return readExact(file, range.offset + (address - range.address), n, range.name);
  };
}
