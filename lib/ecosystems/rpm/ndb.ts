import { InvalidInputError } from '../../errors.ts';
import type { FileReader } from './file-reader.ts';

// rpm's "ndb" Packages.db (SUSE): a header page, a table of 16-byte slots, and checksummed blobs
// in 16-byte blocks (rpm's lib/backend/ndb/rpmpkg.c).
const MAGIC = { packages: 0x506d7052, slot: 0x746f6c53, blobStart: 0x53626c42, blobEnd: 0x45626c42 } as const;
const PAGE_BYTES = 4096;
const SLOT_BYTES = 16;
const BLOCK_BYTES = 16;
const FIRST_SLOT = 2;

/** True when the file starts with an ndb Packages.db magic. */
export function isNdb(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === MAGIC.packages;
}

/** Every rpm header blob in an ndb Packages.db, each verified by its adler32 checksum. */
export function readNdbBlobs(file: FileReader): Buffer[] {
  const header = file.read(0, 32);
  if (header.length < 32 || !isNdb(header) || header.readUInt32LE(4) !== 0)
    throw new InvalidInputError('rpm ndb: not a version 0 Packages.db');
  const slotArea = header.readUInt32LE(12) * PAGE_BYTES;
  const blobs: Buffer[] = [];
  for (let at = FIRST_SLOT * SLOT_BYTES; at + SLOT_BYTES <= Math.min(slotArea, file.size); at += SLOT_BYTES) {
    const slot = file.read(at, SLOT_BYTES);
    if (slot.readUInt32LE(0) !== MAGIC.slot)
      throw new InvalidInputError(`rpm ndb: slot at byte ${at} has a bad magic`);
    const blockOffset = slot.readUInt32LE(8);
    if (blockOffset === 0) continue;
    blobs.push(
      readBlob(file, slot.readUInt32LE(4), blockOffset * BLOCK_BYTES, slot.readUInt32LE(12) * BLOCK_BYTES),
    );
  }
  return blobs;
}

function readBlob(file: FileReader, id: number, offset: number, length: number): Buffer {
  if (length < 32 || offset + length > file.size)
    throw new InvalidInputError(`rpm ndb: package ${id} lies outside the file`);
  const blob = file.read(offset, length);
  const size = blob.readUInt32LE(12);
  if (blob.readUInt32LE(0) !== MAGIC.blobStart || blob.readUInt32LE(4) !== id || 16 + size + 12 > length) {
    throw new InvalidInputError(`rpm ndb: package ${id} has a bad blob header`);
  }
  const trailer = length - 12;
  if (blob.readUInt32LE(trailer + 8) !== MAGIC.blobEnd || blob.readUInt32LE(trailer + 4) !== size) {
    throw new InvalidInputError(`rpm ndb: package ${id} has a bad blob trailer`);
  }
  if (adler32(blob.subarray(0, trailer)) !== blob.readUInt32LE(trailer)) {
    throw new InvalidInputError(`rpm ndb: package ${id} fails its checksum`);
  }
  return blob.subarray(16, 16 + size);
}

/** Adler-32 (RFC 1950), which node:zlib does not expose. */
export function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    // Sums stay exact in a double for 5552 bytes between reductions, as zlib does.
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i] as number;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
