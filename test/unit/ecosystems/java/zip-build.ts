// Builds the jars the java tests read with Info-ZIP's `zip`, as a build tool packs them, and
// edits a built zip's bytes, or writes one by hand, for the hostile cases no tool writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/** Why the zip-built tests are skipped, or false when `zip` is installed. */
export const NO_ZIP =
  spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0 ? false : 'the zip command is not installed';

/** File contents by path inside the archive. */
export type ZipTree = Readonly<Record<string, string | Buffer>>;

/** A zip of tree made by `zip -r` with args (e.g. `-0` to store), folders included as jar tools store them. */
export function zipTree(tree: ZipTree, args: readonly string[] = []): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'clairless-zip-'));
  try {
    for (const [path, content] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return execFileSync('zip', ['-q', '-X', ...args, '-r', '-', '.'], { cwd: dir, maxBuffer: 2 ** 30 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * The zip with member's uncompressed size declared as size in both its local and central
 * headers: a member that inflates to more than it claims, as a zip bomb does.
 */
export function withDeclaredSize(zip: Buffer, member: string, size: number): Buffer {
  const out = Buffer.from(zip);
  let edited = 0;
  for (let at = 0; at + 46 <= out.length; at++) {
    const signature = out.readUInt32LE(at);
    if (signature === CENTRAL_HEADER && name(out, at + 46, out.readUInt16LE(at + 28)) === member) {
      out.writeUInt32LE(size, at + 24);
      edited++;
    } else if (signature === LOCAL_HEADER && name(out, at + 30, out.readUInt16LE(at + 26)) === member) {
      out.writeUInt32LE(size, at + 22);
      edited++;
    }
  }
  if (edited !== 2) throw new Error(`member ${member}: found ${edited} headers, want 2`);
  return out;
}

function name(zip: Buffer, start: number, length: number): string {
  return zip.subarray(start, start + length).toString('utf8');
}

/** The zip with its central directory offset moved back by 7 bytes, as claircore's BadOffset test. */
export function withBadDirectoryOffset(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const field = out.length - 22 + 16;
  out.writeUInt32LE(out.readUInt32LE(field) - 7, field);
  return out;
}

/** A member of a zip written by rawZip: its bytes stored, or deflated. */
export type RawMember = { readonly name: string; readonly data: Buffer; readonly deflate?: boolean };

const MAX_ZIP32_ENTRIES = 0xffff;

/**
 * A zip written byte by byte, for the hostile shapes no tool writes: the members, then aliases,
 * more central directory entries that all name the last member's local header. Zip64 end
 * records when there are more entries than a plain end record counts.
 */
export function rawZip(members: readonly RawMember[], aliases: readonly string[] = []): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let last: { header: Buffer; at: number } | undefined;
  for (const member of members) {
    const stored = member.deflate ? deflateRawSync(member.data) : member.data;
    const header = Buffer.alloc(26);
    header.writeUInt16LE(20, 0);
    header.writeUInt16LE(member.deflate ? 8 : 0, 4);
    header.writeUInt32LE(crc32(member.data), 10);
    header.writeUInt32LE(stored.length, 14);
    header.writeUInt32LE(member.data.length, 18);
    const name = Buffer.from(member.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    header.copy(local, 4);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);
    central.push(centralEntry(member.name, header, offset));
    last = { header, at: offset };
    offset += local.length + name.length + stored.length;
  }
  for (const alias of aliases) {
    if (last === undefined) throw new Error('rawZip: aliases need a member to point at');
    central.push(centralEntry(alias, last.header, last.at));
  }
  const directory = Buffer.concat(central);
  const count = members.length + aliases.length;
  return Buffer.concat([...locals, directory, endRecords(count, directory.length, offset)]);
}

/** A central directory entry: the local header's fields (version to sizes), the name, the offset. */
function centralEntry(name: string, header: Buffer, at: number): Buffer {
  const bytes = Buffer.from(name);
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(CENTRAL_HEADER, 0);
  entry.writeUInt16LE(20, 4);
  header.copy(entry, 6);
  entry.writeUInt16LE(bytes.length, 28);
  entry.writeUInt32LE(at, 42);
  return Buffer.concat([entry, bytes]);
}

function endRecords(count: number, directoryBytes: number, directoryAt: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (count <= MAX_ZIP32_ENTRIES) {
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(directoryBytes, 12);
    end.writeUInt32LE(directoryAt, 16);
    return end;
  }
  end.fill(0xff, 8, 20);
  const zip64 = Buffer.alloc(56 + 20);
  zip64.writeUInt32LE(0x06064b50, 0);
  zip64.writeBigUInt64LE(44n, 4);
  zip64.writeUInt16LE(45, 12);
  zip64.writeUInt16LE(45, 14);
  zip64.writeBigUInt64LE(BigInt(count), 24);
  zip64.writeBigUInt64LE(BigInt(count), 32);
  zip64.writeBigUInt64LE(BigInt(directoryBytes), 40);
  zip64.writeBigUInt64LE(BigInt(directoryAt), 48);
  zip64.writeUInt32LE(0x07064b50, 56);
  zip64.writeBigUInt64LE(BigInt(directoryAt + directoryBytes), 64);
  zip64.writeUInt32LE(1, 72);
  return Buffer.concat([zip64, end]);
}
