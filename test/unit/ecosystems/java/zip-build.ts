// Builds the jars the java tests read with Info-ZIP's `zip`, as a build tool packs them, and
// edits a built zip's bytes for the hostile cases no tool writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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
