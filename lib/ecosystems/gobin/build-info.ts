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
const ALIGN = 16;
// The linker puts the header near the start of the data it is in; Go searches this far.
const SEARCH_BYTES = 64 * 1024;
const INLINE_STRINGS = 2;
// The module text is framed by two 16-byte sentinels, the second preceded by a newline.
const SENTINEL = 16;

/** The build info of exe, or undefined when it is no Go binary. Throws InvalidInputError when it is cut short. */
export function readBuildInfo(exe: Executable): RawBuildInfo | undefined {
  if (exe.dataStart === undefined) return undefined;
  const data = exe.readData(exe.dataStart, SEARCH_BYTES);
  if (data === undefined) return undefined;
  const at = findHeader(data);
  if (at === undefined) return undefined;
  const header = data.subarray(at, at + HEADER_SIZE);
  const headerAddress = exe.dataStart + at;
  const [goVersion, modText] =
    ((header[15] as number) & INLINE_STRINGS) !== 0
      ? inlineStrings(exe, headerAddress + HEADER_SIZE, data.subarray(at + HEADER_SIZE))
      : pointedStrings(exe, header);
  if (goVersion.length === 0) return undefined;
  const framed = modText.length >= 2 * SENTINEL + 1 && modText[modText.length - SENTINEL - 1] === 0x0a;
  return {
    goVersion: goVersion.toString('utf8'),
    modInfo: framed ? modText.toString('utf8', SENTINEL, modText.length - SENTINEL) : '',
  };
}

function findHeader(data: Buffer): number | undefined {
  for (let at = data.indexOf(MAGIC); at !== -1; at = data.indexOf(MAGIC, at + 1)) {
    if (data.length - at < HEADER_SIZE) return undefined;
    if (at % ALIGN === 0) return at;
  }
  return undefined;
}

/** Two uvarint-length-prefixed strings following the header; rest is what was read of them already. */
function inlineStrings(exe: Executable, address: number, rest: Buffer): [Buffer, Buffer] {
  const first = inlineString(exe, address, rest);
  const next = address + first.consumed;
  const second = inlineString(exe, next, rest.subarray(first.consumed));
  return [first.value, second.value];
}

function inlineString(exe: Executable, address: number, known: Buffer): { value: Buffer; consumed: number } {
  let length = 0;
  let prefix = 0;
  for (let shift = 1; ; shift *= 128) {
    const byte = known[prefix];
    if (byte === undefined || prefix === 9) {
      throw new InvalidInputError(`Go build info string length at 0x${address.toString(16)} is cut short`);
    }
    prefix++;
    length += (byte & 0x7f) * shift;
    if (byte < 0x80) break;
  }
  if (!Number.isSafeInteger(length)) throw new InvalidInputError('Go build info string length is too large');
  // The search window may end inside a long module text: read the rest from the binary.
  const value =
    prefix + length <= known.length
      ? known.subarray(prefix, prefix + length)
      : exe.readData(address + prefix, length);
  if (value === undefined || value.length < length) {
    throw new InvalidInputError(
      `Go build info string at 0x${address.toString(16)} (${length} bytes) runs past its segment`,
    );
  }
  return { value, consumed: prefix + length };
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
  const goString = (address: number): Buffer => {
    const stringHeader = Number.isNaN(address) ? undefined : exe.readData(address, 2 * pointerSize);
    if (stringHeader === undefined || stringHeader.length < 2 * pointerSize) return Buffer.alloc(0);
    const bytesAt = pointer(stringHeader, 0);
    const length = pointer(stringHeader, pointerSize);
    if (Number.isNaN(bytesAt) || Number.isNaN(length)) return Buffer.alloc(0);
    const bytes = exe.readData(bytesAt, length);
    return bytes === undefined || bytes.length < length ? Buffer.alloc(0) : bytes;
  };
  return [goString(pointer(header, 16)), goString(pointer(header, 16 + pointerSize))];
}
