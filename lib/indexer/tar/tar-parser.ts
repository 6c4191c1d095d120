import { LayerFormatError } from '../errors.ts';
import { normalizePath } from './normalize-path.ts';
import { parsePax } from './pax.ts';

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export type TarEntry = {
  /** Normalised: relative, no `.` or `..`, no leading or trailing slash. */
  readonly path: string;
  readonly type: TarEntryType;
  /** Bytes of content that follow the header. */
  readonly size: number;
  /** Symlink or hard link target, as written in the archive. */
  readonly linkTarget: string;
  /** Permission bits (`mode & 0o7777`), e.g. for finding executables. */
  readonly mode: number;
};

/** Receives one entry's content; both calls are synchronous. */
export type EntrySink = { write(chunk: Buffer): void; end(): void };

/** Called for every entry; answer a sink to receive its content, or undefined to skip it. */
export type EntryHandler = (entry: TarEntry) => EntrySink | undefined;

export type TarParser = { push(chunk: Buffer): void; end(): void };

const BLOCK = 512;
const ZERO_BLOCK = Buffer.alloc(BLOCK);
// GNU long names and PAX headers live in memory: a bound keeps a hostile archive from filling it.
const MAX_META_BYTES = 1 << 20;

const TYPES: Readonly<Record<string, TarEntryType>> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '5': 'dir',
  '3': 'other',
  '4': 'other',
  '6': 'other',
};

/**
 * A streaming tar reader over ustar, GNU (long names, base-256 sizes) and PAX archives. It keeps
 * no more than one header block and the current long name in memory; content is handed on as
 * views of the pushed chunks. Zero blocks are skipped, so concatenated archives read whole.
 */
export function createTarParser(onEntry: EntryHandler): TarParser {
  const header = Buffer.alloc(BLOCK);
  let headerFill = 0;
  let remaining = 0; // content bytes of the current entry still to come
  let padding = 0; // bytes up to the next block boundary after the content
  let sink: EntrySink | undefined;
  let meta: { kind: string; chunks: Buffer[]; size: number } | undefined;
  let pending: { path?: string; linkTarget?: string; size?: number } = {};
  let index = 0;

  const finishContent = (): void => {
    if (meta !== undefined) {
      const data = Buffer.concat(meta.chunks, meta.size);
      if (meta.kind === 'L') pending.path = cString(data, 0, data.length);
      else if (meta.kind === 'K') pending.linkTarget = cString(data, 0, data.length);
      else if (meta.kind === 'x') pending = { ...pending, ...parsePax(data, index) };
      meta = undefined;
    } else sink?.end();
    sink = undefined;
  };

  const startEntry = (): void => {
    index++;
    const size = readNumber(header, 124, 12, index, 'size');
    const flag = String.fromCharCode(header[156] as number);
    const total = pending.size ?? size;
    remaining = ['1', '2', '3', '4', '5', '6'].includes(flag) ? 0 : total;
    padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
    if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
      if (remaining > MAX_META_BYTES)
        throw new LayerFormatError(`tar entry ${index}: ${remaining}-byte metadata header is too large`);
      meta = { kind: flag, chunks: [], size: remaining };
    } else {
      // Only POSIX ustar has a prefix field; GNU headers (magic "ustar  ") keep times there.
      const ustar = header.toString('latin1', 257, 263) === 'ustar\0';
      const name = cString(header, 0, 100);
      const prefix = ustar && header[345] !== 0 ? `${cString(header, 345, 155)}/` : '';
      const entry: TarEntry = {
        path: normalizePath(pending.path ?? `${prefix}${name}`),
        type: TYPES[flag] ?? 'other',
        size: remaining,
        linkTarget: pending.linkTarget ?? cString(header, 157, 100),
        mode: readMode(header),
      };
      pending = {};
      sink = onEntry(entry);
    }
    if (remaining === 0) finishContent();
  };

  const push = (chunk: Buffer): void => {
    let at = 0;
    while (at < chunk.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, chunk.length - at);
        const part = chunk.subarray(at, at + take);
        if (meta !== undefined) meta.chunks.push(Buffer.from(part));
        else sink?.write(part);
        remaining -= take;
        at += take;
        if (remaining === 0) finishContent();
      } else if (padding > 0) {
        const take = Math.min(padding, chunk.length - at);
        padding -= take;
        at += take;
      } else {
        const take = Math.min(BLOCK - headerFill, chunk.length - at);
        chunk.copy(header, headerFill, at, at + take);
        headerFill += take;
        at += take;
        if (headerFill < BLOCK) continue;
        headerFill = 0;
        if (header.equals(ZERO_BLOCK)) continue;
        verifyChecksum(header, index + 1);
        startEntry();
      }
    }
  };

  const end = (): void => {
    if (remaining > 0 || (headerFill > 0 && header.subarray(0, headerFill).some((b) => b !== 0))) {
      throw new LayerFormatError(`tar archive is truncated in entry ${index + (remaining > 0 ? 0 : 1)}`);
    }
  };

  return { push, end };
}

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

// Octal text, or GNU base-256 when the first byte has its high bit set (sizes of 8 GiB and more).
function readNumber(buf: Buffer, start: number, length: number, index: number, field: string): number {
  const first = buf[start] as number;
  if (first & 0x80) {
    if (first !== 0x80) throw new LayerFormatError(`tar entry ${index}: negative ${field}`);
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (buf[i] as number);
    if (!Number.isSafeInteger(value)) throw new LayerFormatError(`tar entry ${index}: ${field} is too large`);
    return value;
  }
  const text = buf
    .toString('latin1', start, start + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text))
    throw new LayerFormatError(`tar entry ${index}: ${field} ${JSON.stringify(text)} is not octal`);
  return Number.parseInt(text, 8);
}

// Lenient, unlike the sizes: a mode no scanner can read is no reason to reject the layer.
function readMode(buf: Buffer): number {
  const text = buf
    .toString('latin1', 100, 108)
    .replace(/[\0 ]+$/, '')
    .trim();
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) & 0o7777 : 0;
}

/** True when a 512-byte tar header's checksum adds up, summed unsigned or (old archivers) signed. */
export function checksumMatches(buf: Buffer): boolean {
  const text = buf
    .toString('latin1', 148, 156)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]+$/.test(text)) return false;
  const stored = Number.parseInt(text, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (buf[i] as number);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

function verifyChecksum(buf: Buffer, index: number): void {
  if (!checksumMatches(buf)) {
    throw new LayerFormatError(
      `tar entry ${index}: header checksum mismatch (not a tar archive, or corrupt)`,
    );
  }
}
