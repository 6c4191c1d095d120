import { InvalidInputError } from '../../errors.ts';

/** Tags clairless reads from an rpm header (rpm's rpmtag.h). */
export const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  arch: 1022,
  sourceRpm: 1044,
  modularityLabel: 5096,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  /** The full paths, in headers older than the dirnames/basenames split. */
  fileNames: 5000,
} as const;

const TYPE = { int32: 4, string: 6, stringArray: 8, i18nString: 9 } as const;
const ENTRY_BYTES = 16;
// rpm's own sanity bounds on a header.
const MAX_TAGS = 0xffff;
const MAX_DATA = 0x0fffffff;
/** The most values clairless reads from one array tag: the files of one package, far above any real one. */
export const MAX_ARRAY_VALUES = 1_000_000;

export type RpmHeader = {
  /** The first string of a string tag, or undefined when absent. */
  string(tag: number): string | undefined;
  /** The first number of an int32 tag, or undefined when absent. */
  int32(tag: number): number | undefined;
  /** Every string of a string-array tag, or undefined when absent. */
  strings(tag: number): string[] | undefined;
  /** Every number of an int32 tag, or undefined when absent. */
  int32s(tag: number): number[] | undefined;
};

/**
 * Reads an rpm header blob as rpm databases store it: a big-endian entry count and data
 * length, 16-byte index entries (tag, type, offset, count), then the data store. Every offset
 * is bounds-checked, so a corrupt header fails with InvalidInputError instead of reading garbage.
 */
export function parseRpmHeader(blob: Buffer): RpmHeader {
  if (blob.length < 8) throw new InvalidInputError(`rpm header is ${blob.length} bytes: too short`);
  const count = blob.readUInt32BE(0);
  const dataLength = blob.readUInt32BE(4);
  if (count === 0 || count > MAX_TAGS || dataLength > MAX_DATA) {
    throw new InvalidInputError(`rpm header has ${count} tags and ${dataLength} data bytes: out of range`);
  }
  const dataStart = 8 + count * ENTRY_BYTES;
  if (dataStart + dataLength > blob.length)
    throw new InvalidInputError('rpm header is shorter than its index says');
  const data = blob.subarray(dataStart, dataStart + dataLength);
  const entries = new Map<number, { type: number; offset: number; count: number }>();
  for (let i = 0; i < count; i++) {
    const at = 8 + i * ENTRY_BYTES;
    const offset = blob.readInt32BE(at + 8);
    if (offset < 0 || offset >= dataLength) continue;
    entries.set(blob.readUInt32BE(at), {
      type: blob.readUInt32BE(at + 4),
      offset,
      count: blob.readUInt32BE(at + 12),
    });
  }
  return {
    string(tag) {
      const entry = entries.get(tag);
      if (entry === undefined || ![TYPE.string, TYPE.stringArray, TYPE.i18nString].includes(entry.type as 6))
        return undefined;
      const end = data.indexOf(0, entry.offset);
      return data.toString('utf8', entry.offset, end === -1 ? data.length : end);
    },
    int32(tag) {
      const entry = entries.get(tag);
      if (entry === undefined || entry.type !== TYPE.int32 || entry.offset + 4 > dataLength) return undefined;
      return data.readInt32BE(entry.offset);
    },
    strings(tag) {
      const entry = entries.get(tag);
      if (entry === undefined || ![TYPE.stringArray, TYPE.i18nString].includes(entry.type as 8))
        return undefined;
      // Each string ends in a NUL, so a count larger than the bytes left cannot be right.
      checkCount(tag, entry.count, dataLength - entry.offset, 1);
      const out: string[] = [];
      let at = entry.offset;
      for (let i = 0; i < entry.count; i++) {
        const end = data.indexOf(0, at);
        if (end === -1)
          throw new InvalidInputError(`rpm header tag ${tag}: string ${i + 1} runs past the data`);
        out.push(data.toString('utf8', at, end));
        at = end + 1;
      }
      return out;
    },
    int32s(tag) {
      const entry = entries.get(tag);
      if (entry === undefined || entry.type !== TYPE.int32) return undefined;
      checkCount(tag, entry.count, dataLength - entry.offset, 4);
      return Array.from({ length: entry.count }, (_, i) => data.readInt32BE(entry.offset + i * 4));
    },
  };
}

/** Rejects an array tag of count values of at least bytesEach each that cannot fit in bytesLeft, before reading any. */
function checkCount(tag: number, count: number, bytesLeft: number, bytesEach: number): void {
  if (count > MAX_ARRAY_VALUES)
    throw new InvalidInputError(`rpm header tag ${tag}: ${count} values: more than ${MAX_ARRAY_VALUES}`);
  if (count * bytesEach > bytesLeft)
    throw new InvalidInputError(`rpm header tag ${tag}: ${count} values run past the data`);
}
