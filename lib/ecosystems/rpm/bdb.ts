import { InvalidInputError } from '../../errors.ts';
import type { FileReader } from './file-reader.ts';

// Berkeley DB hash files, as rpm < 4.16 keeps its Packages database (libdb's db_page.h, hash.h).
const HASH_MAGIC = 0x00061561;
const PAGE = { overflow: 7, hashMeta: 8, hash: 13, hashUnsorted: 2 } as const;
const ITEM = { keyData: 1, offPage: 3 } as const;
const PAGE_HEADER = 26;

/** True when the file starts like a Berkeley DB hash database, in either byte order. */
export function isBdb(head: Buffer): boolean {
  return head.length >= 16 && (head.readUInt32LE(12) === HASH_MAGIC || head.readUInt32BE(12) === HASH_MAGIC);
}

/** Every value (an rpm header blob) stored in a Berkeley DB hash database. */
export function readBdbValues(file: FileReader): Buffer[] {
  const meta = file.read(0, 512);
  if (!isBdb(meta) || meta.length < 512)
    throw new InvalidInputError('rpm bdb: not a Berkeley DB hash database');
  const le = meta.readUInt32LE(12) === HASH_MAGIC;
  const u32 = (b: Buffer, at: number): number => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u16 = (b: Buffer, at: number): number => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const pageSize = u32(meta, 20);
  if (meta[25] !== PAGE.hashMeta || ![512, 1024, 2048, 4096, 8192, 16384, 32768, 65536].includes(pageSize)) {
    throw new InvalidInputError(
      `rpm bdb: page size ${pageSize} or page type ${meta[25]} is not a hash database's`,
    );
  }
  if (meta[24] !== 0) throw new InvalidInputError('rpm bdb: encrypted databases are not supported');
  const lastPage = u32(meta, 32);
  const maxBucket = u32(meta, 72);
  const page = (n: number): Buffer => {
    if (n > lastPage) throw new InvalidInputError(`rpm bdb: page ${n} is past the last page ${lastPage}`);
    const p = file.read(n * pageSize, pageSize);
    if (p.length < pageSize) throw new InvalidInputError(`rpm bdb: page ${n} is cut short`);
    return p;
  };
  const overflow = (first: number, total: number): Buffer => {
    const parts: Buffer[] = [];
    const seen = new Set<number>();
    for (let n = first; n !== 0; ) {
      if (seen.has(n)) throw new InvalidInputError(`rpm bdb: overflow chain loops at page ${n}`);
      seen.add(n);
      const p = page(n);
      if (p[25] !== PAGE.overflow) throw new InvalidInputError(`rpm bdb: page ${n} is not an overflow page`);
      parts.push(p.subarray(PAGE_HEADER, PAGE_HEADER + u16(p, 22)));
      n = u32(p, 16);
    }
    const value = Buffer.concat(parts);
    if (value.length !== total)
      throw new InvalidInputError(`rpm bdb: overflow item is ${value.length} bytes, want ${total}`);
    return value;
  };

  const values: Buffer[] = [];
  let skipZeroKey = true;
  for (let bucket = 0; bucket <= maxBucket; bucket++) {
    const seen = new Set<number>();
    // A bucket's first page is its number plus the spare pages allocated before its size class.
    const sizeClass = 32 - Math.clz32(bucket);
    for (let n = bucket + u32(meta, 96 + 4 * sizeClass); n !== 0; ) {
      if (seen.has(n)) throw new InvalidInputError(`rpm bdb: page chain loops at page ${n}`);
      seen.add(n);
      const p = page(n);
      if (p[25] !== PAGE.hash && p[25] !== PAGE.hashUnsorted)
        throw new InvalidInputError(`rpm bdb: page ${n} is not a hash page`);
      const count = u16(p, 20);
      if (PAGE_HEADER + 2 * count > pageSize)
        throw new InvalidInputError(`rpm bdb: page ${n} claims ${count} items`);
      const offsets = Array.from({ length: count }, (_, i) => u16(p, PAGE_HEADER + 2 * i));
      for (let i = 0; i + 1 < count; i += 2) {
        const key = item(p, offsets, i, pageSize);
        // The all-zero key holds rpm's own bookkeeping, not a package.
        if (skipZeroKey && key.length === 5 && key.subarray(1).every((b) => b === 0)) {
          skipZeroKey = false;
          continue;
        }
        const data = item(p, offsets, i + 1, pageSize);
        if (data[0] === ITEM.keyData) values.push(Buffer.from(data.subarray(1)));
        else if (data[0] === ITEM.offPage && data.length >= 12)
          values.push(overflow(u32(data, 4), u32(data, 8)));
        else throw new InvalidInputError(`rpm bdb: item type ${data[0]} is not supported`);
      }
      n = u32(p, 16);
    }
  }
  return values;
}

// An item runs from its offset to the previous item's offset (items fill the page from its end).
function item(page: Buffer, offsets: readonly number[], i: number, pageSize: number): Buffer {
  const start = offsets[i] as number;
  const end = i === 0 ? pageSize : (offsets[i - 1] as number);
  if (start < PAGE_HEADER || end > pageSize || start >= end)
    throw new InvalidInputError(`rpm bdb: item ${i} is out of its page`);
  return page.subarray(start, end);
}
