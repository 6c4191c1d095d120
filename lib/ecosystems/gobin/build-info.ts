// The build info Go's linker leaves in a binary (Go's debug/buildinfo): a 32-byte header starting
// `\xff Go buildinf:`, then the toolchain version and the module text, either inline (Go 1.18 and
// later) or as pointers to Go strings elsewhere in the binary (older toolchains).
import { InvalidInputError } from '../../errors.ts';
import type { Executable } from './mapped-file.ts';

export type RawBuildInfo = {
  /** The toolchain, e.g. `go1.21.3` or `go1.20.12 X:strictfipsruntime`. */
  readonly goVersion: string;
  /** The module text between its sentinels; "" for a binary built outside module mode. */
  readonly modInfo: string;
};

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
// The header is at an address that is a multiple of this.
const ALIGN = 16;
// Searched a chunk at a time, as Go 1.23 and later do: the data can be large.
const CHUNK = 2 ** 20;
const INLINE_STRINGS = 2;
const MAX_VARINT = 10;
// Real module text is tens of kilobytes; a longer string is crafted, and refused before it is read.
const MAX_STRING = 16 * 2 ** 20;
// The module text is framed by two 16-byte sentinels, the second preceded by a newline.
const SENTINEL = 16;

/**
 * The build info of exe, or undefined when it is no Go binary. Throws InvalidInputError when it is
 * cut short or a string claims more than MAX_STRING bytes.
 */
export function readBuildInfo(exe: Executable): RawBuildInfo | undefined {
  const headerAddress = exe.data === undefined ? undefined : findHeader(exe, exe.data);
  if (headerAddress === undefined) return undefined;
  const header = exe.readData(headerAddress, HEADER_SIZE);
  if (header === undefined || header.length < HEADER_SIZE) return undefined;
  const [goVersion, modText] =
    ((header[15] as number) & INLINE_STRINGS) !== 0
      ? inlineStrings(exe, headerAddress + HEADER_SIZE)
      : pointedStrings(exe, header);
  if (goVersion.length === 0) return undefined;
  const framed = modText.length >= 2 * SENTINEL + 1 && modText[modText.length - SENTINEL - 1] === 0x0a;
  return {
    goVersion: goVersion.toString('utf8'),
    modInfo: framed ? modText.toString('utf8', SENTINEL, modText.length - SENTINEL) : '',
  };
}

/**
 * The address of the first aligned magic in the data, searched up to its size in memory but only
 * through the bytes the file holds. Chunks start aligned, so an aligned magic never straddles two.
 */
function findHeader(exe: Executable, data: { address: number; size: number }): number | undefined {
  const end = data.address + data.size;
  for (let start = Math.ceil(data.address / ALIGN) * ALIGN; start < end; start += CHUNK) {
    const remaining = end - start;
    const chunk = exe.readData(start, Math.min(CHUNK, remaining));
    if (chunk === undefined) return undefined;
    for (let at = chunk.indexOf(MAGIC); at !== -1; at = chunk.indexOf(MAGIC, at + 1)) {
      if (remaining - at < HEADER_SIZE) return undefined;
      if (at % ALIGN === 0) return start + at;
    }
    if (chunk.length < Math.min(CHUNK, remaining)) return undefined;
  }
  return undefined;
}

/** Two uvarint-length-prefixed strings following the header: the toolchain version and the module text. */
function inlineStrings(exe: Executable, address: number): [Buffer, Buffer] {
  const version = inlineString(exe, address, 'version');
  const modText = inlineString(exe, version.next, 'module text');
  return [version.value, modText.value];
}

function inlineString(exe: Executable, address: number, what: string): { value: Buffer; next: number } {
  const prefix = exe.readData(address, MAX_VARINT) ?? Buffer.alloc(0);
  let length = 0;
  let n = 0;
  for (let shift = 1; ; shift *= 128) {
    const byte = prefix[n];
    if (byte === undefined) {
      throw new InvalidInputError(`Go build info ${what} length at 0x${address.toString(16)} is cut short`);
    }
    n++;
    length += (byte & 0x7f) * shift;
    if (byte < 0x80) break;
  }
  checkLength(length, what);
  const value = length === 0 ? Buffer.alloc(0) : exe.readData(address + n, length);
  if (value === undefined || value.length < length) {
    throw new InvalidInputError(
      `Go build info ${what} at 0x${address.toString(16)} (${length} bytes) runs past its segment`,
    );
  }
  return { value, next: address + n + length };
}

function checkLength(length: number, what: string): void {
  if (length > MAX_STRING) {
    throw new InvalidInputError(
      `Go build info ${what} is ${length} bytes, larger than the ${MAX_STRING}-byte limit`,
    );
  }
}

/** The strings the header's two pointers point to, each a Go string header {data, length}. */
function pointedStrings(exe: Executable, header: Buffer): [Buffer, Buffer] {
  const pointerSize = header[14] as number;
  if (pointerSize !== 4 && pointerSize !== 8) {
    throw new InvalidInputError(`Go build info pointer size ${pointerSize} is neither 4 nor 8`);
  }
  const littleEndian = header[15] === 0;
  const pointer = (b: Buffer, at: number): number => {
    if (pointerSize === 4) return littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at);
    const v = littleEndian ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(v);
  };
  // As Go reads them: a string whose header or bytes are not mapped reads as empty.
  const goString = (address: number, what: string): Buffer => {
    const stringHeader = Number.isNaN(address) ? undefined : exe.readData(address, 2 * pointerSize);
    if (stringHeader === undefined || stringHeader.length < 2 * pointerSize) return Buffer.alloc(0);
    const bytesAt = pointer(stringHeader, 0);
    const length = pointer(stringHeader, pointerSize);
    if (Number.isNaN(bytesAt) || Number.isNaN(length)) return Buffer.alloc(0);
    checkLength(length, what);
    const bytes = exe.readData(bytesAt, length);
    return bytes === undefined || bytes.length < length ? Buffer.alloc(0) : bytes;
  };
  return [
    goString(pointer(header, 16), 'version'),
    goString(pointer(header, 16 + pointerSize), 'module text'),
  ];
}
