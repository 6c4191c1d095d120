// A zip (jar, war, ear) read by random access from a file on disk or a buffer: its central
// directory up front, then one member at a time, each bounded in size and checked against its CRC.
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { InvalidInputError } from '../../errors.ts';

/** An archive past a limit no real one reaches: hostile rather than merely malformed. */
export class ArchiveLimitError extends InvalidInputError {
  override name = 'ArchiveLimitError';
}

/** A central directory entry, before it is kept or passed over. */
export type ZipEntryInfo = {
  /** The name as stored, made relative and cleaned (`a/../b` is `b`), as claircore does. */
  readonly name: string;
  readonly isDirectory: boolean;
  /** Uncompressed size as the central directory declares it. */
  readonly size: number;
};

export type ZipMember = ZipEntryInfo & { readonly entry: yauzl.Entry };

/**
 * Which entries a reader needs kept (called once per entry, in directory order); may throw
 * ArchiveLimitError to reject the archive. Entries it passes over cost no memory.
 */
export type MemberSelect = (entry: ZipEntryInfo) => boolean;

export type ZipArchive = {
  readonly members: readonly ZipMember[];
  /** The member's bytes; throws InvalidInputError past maxBytes (declared or actual) or on a bad CRC. */
  read(member: ZipMember, maxBytes: number): Promise<Buffer>;
  close(): void;
};

// The end of central directory record: 22 bytes and a comment of up to 64 KiB.
const EOCD_SIGNATURE = 0x06054b50;
const EOCD_BYTES = 22;
const MAX_EOCD_BYTES = EOCD_BYTES + 0xffff;

/** More central directory entries, or bytes, than any real archive has; a directory with more is hostile. */
const MAX_MEMBERS = 1_000_000;
const MAX_DIRECTORY_BYTES = 64 * 2 ** 20;
// A central directory entry's fixed part, before its name, extra field and comment.
const CENTRAL_ENTRY_BYTES = 46;
const keepAll: MemberSelect = () => true;
const READ_BLOCK_BYTES = 2 ** 16;

// Names are decoded by hand: yauzl rejects a whole archive over one absolute or `..` member name.
const OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: true,
};

/**
 * Opens the zip at file (a temp file of the layer), keeping the members select picks; a file that
 * is not a zip throws InvalidInputError.
 */
export async function openZipFile(file: string, select: MemberSelect = keepAll): Promise<ZipArchive> {
  const fd = openSync(file, 'r');
  let base: number;
  let size: number;
  try {
    size = fstatSync(fd).size;
    const tailStart = Math.max(0, size - MAX_EOCD_BYTES);
    const tail = Buffer.alloc(size - tailStart);
    readSync(fd, tail, 0, tail.length, tailStart);
    base = prefixBytes(tail, tailStart);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromRandomAccessReader(new FileReader(fd, base), size - base, OPTIONS, (err, z) => {
      if (err === null) return resolve(z);
      // yauzl leaves a reader it was given open when the zip fails to open.
      closeSync(fd);
      reject(asInput(err));
    }),
  );
  return readDirectory(zip, select);
}

/** Opens a zip held in memory (an archive nested in another), keeping the members select picks. */
export async function openZipBuffer(bytes: Buffer, select: MemberSelect = keepAll): Promise<ZipArchive> {
  const tailStart = Math.max(0, bytes.length - MAX_EOCD_BYTES);
  const zipBytes = bytes.subarray(prefixBytes(bytes.subarray(tailStart), tailStart));
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zipBytes, OPTIONS, (err, z) => (err === null ? resolve(z) : reject(asInput(err)))),
  );
  return readDirectory(zip, select);
}

/**
 * How many bytes precede the zip proper (a launcher script in front of an executable jar), found
 * as Go's reader finds them: where the central directory ends, less its size and its offset.
 * 0 when there are none, for zip64, or when the end record is not in the tail.
 */
function prefixBytes(tail: Buffer, tailStart: number): number {
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const size = tail.readUInt32LE(i + 12);
    const offset = tail.readUInt32LE(i + 16);
    if (size === 0xffffffff || offset === 0xffffffff) return 0;
    return Math.max(0, tailStart + i - size - offset);
  }
  return 0;
}

/**
 * The file from byte base on, through one descriptor that closing the zip closes (yauzl wants a
 * subclass). Small reads (the central directory, a local header) come from one cached block: read
 * one by one, a directory of a million entries would take two million system calls.
 */
class FileReader extends yauzl.RandomAccessReader {
  readonly #fd: number;
  readonly #base: number;
  #block = Buffer.alloc(0);
  #blockAt = 0;
  constructor(fd: number, base: number) {
    super();
    this.#fd = fd;
    this.#base = base;
  }
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    if (length > READ_BLOCK_BYTES) {
      super.read(buffer, offset, length, position, callback);
      return;
    }
    const at = this.#base + position;
    const copy = (): void => {
      const got = this.#block.copy(buffer, offset, at - this.#blockAt, at - this.#blockAt + length);
      // Asynchronous even from the cache: yauzl asks for the next entry from inside its callback.
      setImmediate(callback, null, got);
    };
    if (at >= this.#blockAt && at + length <= this.#blockAt + this.#block.length) {
      copy();
      return;
    }
    read(this.#fd, Buffer.allocUnsafe(READ_BLOCK_BYTES), 0, READ_BLOCK_BYTES, at, (err, got, bytes) => {
      if (err !== null) return callback(err);
      this.#block = bytes.subarray(0, got);
      this.#blockAt = at;
      copy();
    });
  }
  // Positional reads of our own: a destroyed fs stream would close the shared descriptor.
  override _readStreamForRange(start: number, end: number): Readable {
    const fd = this.#fd;
    let position = this.#base + start;
    const stop = this.#base + end;
    return new Readable({
      read(size) {
        const length = Math.min(size, stop - position);
        if (length <= 0) return void this.push(null);
        read(fd, Buffer.allocUnsafe(length), 0, length, position, (err, got, bytes) => {
          if (err !== null) return this.destroy(err);
          if (got === 0) return void this.push(null);
          position += got;
          this.push(bytes.subarray(0, got));
        });
      },
    });
  }
  override close(callback: (err: Error | null) => void): void {
    closeSync(this.#fd);
    callback(null);
  }
}

/**
 * The members select keeps. The directory is bounded in entries and bytes, and two kept members
 * may not share one local header: no tool writes that, and it makes one stored archive many.
 */
async function readDirectory(zip: yauzl.ZipFile, select: MemberSelect): Promise<ZipArchive> {
  try {
    if (zip.entryCount > MAX_MEMBERS) {
      throw new ArchiveLimitError(`zip claims ${zip.entryCount} entries, more than ${MAX_MEMBERS}`);
    }
    const members = await new Promise<ZipMember[]>((resolve, reject) => {
      const kept: ZipMember[] = [];
      const headers = new Map<number, string>();
      let directoryBytes = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          directoryBytes +=
            CENTRAL_ENTRY_BYTES + entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength;
          if (directoryBytes > MAX_DIRECTORY_BYTES) {
            throw new ArchiveLimitError(`zip central directory over ${MAX_DIRECTORY_BYTES} bytes`);
          }
          const member = memberOf(entry);
          if (select(member)) {
            const shared = headers.get(entry.relativeOffsetOfLocalHeader);
            if (shared !== undefined) {
              throw new ArchiveLimitError(
                `zip members ${JSON.stringify(shared)} and ${JSON.stringify(member.name)} share one local header`,
              );
            }
            headers.set(entry.relativeOffsetOfLocalHeader, member.name);
            kept.push(member);
          }
        } catch (err) {
          return reject(err);
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve(kept));
      zip.on('error', (err: unknown) => reject(asInput(err)));
      zip.readEntry();
    });
    return {
      members,
      read: (member, maxBytes) => readMember(zip, member, maxBytes),
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

function memberOf(entry: yauzl.Entry): ZipMember {
  const raw = (entry.fileName as unknown as Buffer).toString('utf8').replaceAll('\\', '/');
  return {
    name: posix.join('/', raw).slice(1).replace(/\/+$/, ''),
    isDirectory: raw.endsWith('/'),
    size: entry.uncompressedSize,
    entry,
  };
}

async function readMember(zip: yauzl.ZipFile, member: ZipMember, maxBytes: number): Promise<Buffer> {
  const where = `zip member ${JSON.stringify(member.name)}`;
  if (member.size > maxBytes) {
    throw new InvalidInputError(`${where}: declares ${member.size} bytes, more than ${maxBytes}`);
  }
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(member.entry, (err, s) => (err === null ? resolve(s) : reject(asInput(err, where)))),
  );
  // Filled in place: yauzl ends a stream that inflates to more or fewer bytes than declared.
  const content = Buffer.allocUnsafe(member.size);
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const piece = chunk as Buffer;
      if (bytes + piece.length > member.size) {
        throw new InvalidInputError(`${where}: more than the ${member.size} bytes it declares`);
      }
      piece.copy(content, bytes);
      bytes += piece.length;
    }
  } catch (err) {
    stream.destroy();
    throw asInput(err, where);
  }
  if (bytes !== member.size)
    throw new InvalidInputError(`${where}: ${bytes} bytes, not the ${member.size} it declares`);
  if (crc32(content) !== member.entry.crc32) throw new InvalidInputError(`${where}: checksum mismatch`);
  return content;
}

// Failures of the file system (they carry a syscall) are not the archive's fault; anything else
// yauzl or zlib reports is about the bytes.
function asInput(err: unknown, where?: string): Error {
  if (err instanceof InvalidInputError || (err instanceof Error && 'syscall' in err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InvalidInputError(where === undefined ? message : `${where}: ${message}`, { cause: err });
}
