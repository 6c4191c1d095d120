// Builds the tar archives the indexer tests read: real ones made by GNU tar from a tree of
// files, and single hand-made header blocks for the hostile cases GNU tar never writes.
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTarParser, type TarEntry } from '../../../lib/indexer/tar/tar-parser.ts';

/** File contents by path; `{ symlink }` and `{ hardlink }` (a path in the tree) make links. */
export type Tree = Readonly<
  Record<string, string | Buffer | { readonly symlink: string } | { readonly hardlink: string }>
>;

// Fixed owner, time and order, so the same tree gives the same bytes on every run.
const STABLE = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0'];

/**
 * A tar of tree made by GNU tar, run in the tree's folder with `args` (e.g. `--format=posix`)
 * before the member list (by default `.`).
 */
export function gnuTar(tree: Tree, args: readonly string[] = [], members: readonly string[] = ['.']): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'clairless-tar-'));
  try {
    writeTree(dir, tree);
    return execFileSync('tar', [...STABLE, ...args, '-cf', '-', ...members], {
      cwd: dir,
      maxBuffer: 2 ** 30,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeTree(dir: string, tree: Tree): void {
  for (const [path, content] of Object.entries(tree)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(target, content);
    else if ('symlink' in content) symlinkSync(content.symlink, target);
    else linkSync(join(dir, content.hardlink), target);
  }
}

export type HeaderFields = {
  readonly name: string;
  /** `0` file, `1` hard link, `2` symlink, `5` folder, `x` PAX, `L`/`K` GNU long name/link. */
  readonly type?: string;
  readonly size?: number;
  readonly linkname?: string;
  /** The ustar prefix field (bytes 345..500). */
  readonly prefix?: string;
};

/** One POSIX ustar header block with a correct checksum. */
export function header(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(512);
  block.write(fields.name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  block.write(`${(fields.size ?? 0).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1');
  block.write(fields.type ?? '0', 156, 'latin1');
  block.write(fields.linkname ?? '', 157, 100, 'utf8');
  block.write('ustar\x0000', 257, 'latin1');
  block.write(fields.prefix ?? '', 345, 155, 'utf8');
  return withChecksum(block);
}

/** The block with its checksum field recomputed (after an edit), as an unsigned sum. */
export function withChecksum(block: Buffer): Buffer {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** Content padded with zeros to a whole number of 512-byte blocks. */
export function padded(content: Buffer | string): Buffer {
  const bytes = Buffer.from(content);
  return Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);
}

/** A whole archive: the given blocks and the two zero blocks that end a tar. */
export function archive(...blocks: readonly Buffer[]): Buffer {
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

/** One PAX record, `<length> <key>=<value>\n`, whose length counts itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return `${length}${body}`;
}

/** A PAX extended header entry (header and records) for the entry that follows it. */
export function paxHeader(records: string): Buffer {
  return Buffer.concat([
    header({ name: 'PaxHeaders/x', type: 'x', size: Buffer.byteLength(records) }),
    padded(records),
  ]);
}

export type ReadEntry = Omit<TarEntry, 'mode'> & { readonly content: string };

/**
 * Every entry of a tar with its content as text, pushing the bytes in chunks of chunkBytes; the
 * permission bits are left out, as GNU tar copies them from the files it was given.
 */
export function readTar(tar: Buffer, chunkBytes = tar.length): ReadEntry[] {
  const entries: ReadEntry[] = [];
  const parser = createTarParser((entry) => {
    const chunks: Buffer[] = [];
    return {
      write: (chunk) => {
        chunks.push(Buffer.from(chunk));
      },
      end: () => {
        const { mode: _mode, ...rest } = entry;
        entries.push({ ...rest, content: Buffer.concat(chunks).toString('utf8') });
      },
    };
  });
  for (let at = 0; at < tar.length; at += Math.max(chunkBytes, 1)) {
    parser.push(tar.subarray(at, at + Math.max(chunkBytes, 1)));
  }
  parser.end();
  return entries;
}
