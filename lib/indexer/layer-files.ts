import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { normalizePath } from './tar/normalize-path.ts';
import type { TarEntryType } from './tar/tar-parser.ts';

/** What a scanner asks of an entry: nothing, to know it exists, its bytes, or a file on disk (random access). */
export type Want = 'none' | 'presence' | 'content' | 'file';

export type LayerEntry = {
  readonly path: string;
  readonly type: TarEntryType;
  readonly size: number;
  readonly linkTarget: string;
  /** The bytes, for entries wanted as content and small enough to hold. */
  readonly content?: Buffer;
  /** A temporary file holding the bytes, for entries wanted as a file or too large to hold. */
  readonly file?: string;
};

/** The entries of one layer that its scanners asked for; each scanner sees the layer on its own. */
export type LayerFiles = {
  /** The entry at path, not following links. */
  entry(path: string): LayerEntry | undefined;
  /** The entry at path after following symlinks and hard links inside the layer. */
  resolve(path: string): LayerEntry | undefined;
  /** The text of the file at path (links followed), or undefined when absent or not collected. */
  text(path: string): string | undefined;
  /** Every collected path, in archive order (a replaced entry takes its replacement's place). */
  paths(): IterableIterator<string>;
};

const MAX_LINK_HOPS = 40;

export function layerFiles(entries: ReadonlyMap<string, LayerEntry>): LayerFiles {
  const resolve = (path: string): LayerEntry | undefined => {
    let current = normalizePath(path);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const entry = entries.get(current);
      if (entry === undefined) return undefined;
      if (entry.type === 'symlink') {
        // Absolute targets are relative to the layer root; relative ones to the link's folder.
        const base = entry.linkTarget.startsWith('/') ? '' : dirname(current);
        current = normalizePath(`${base === '.' ? '' : base}/${entry.linkTarget}`);
      } else if (entry.type === 'hardlink') current = normalizePath(entry.linkTarget);
      else return entry;
    }
    return undefined;
  };
  return {
    entry: (path) => entries.get(normalizePath(path)),
    resolve,
    text(path) {
      const entry = resolve(path);
      if (entry?.content !== undefined) return entry.content.toString('utf8');
      if (entry?.file !== undefined) return readFileSync(entry.file, 'utf8');
      return undefined;
    },
    paths: () => entries.keys(),
  };
}

/**
 * The collected regular file at path: the file itself, or the one a hard link names (a tar hard
 * link is another name for a file, as claircore's walk reads it). Undefined for anything else,
 * and for a hard link whose file was not collected.
 */
export function regularFile(files: LayerFiles, path: string): LayerEntry | undefined {
  const entry = files.entry(path);
  if (entry?.type !== 'file' && entry?.type !== 'hardlink') return undefined;
  const file = entry.type === 'file' ? entry : files.resolve(path);
  if (file?.type !== 'file') return undefined;
  return file.content !== undefined || file.file !== undefined ? file : undefined;
}

/**
 * The text of a metadata file at path when it is at most maxBytes, else why not: language
 * metadata is kilobytes, and a crafted huge one must not be read into memory.
 */
export function boundedText(
  files: LayerFiles,
  path: string,
  maxBytes: number,
): { readonly text: string } | { readonly reason: string } {
  const size = regularFile(files, path)?.size ?? 0;
  if (size > maxBytes) return { reason: `${size} bytes: larger than ${maxBytes}` };
  const text = files.text(path);
  return text === undefined ? { reason: 'not collected' } : { text };
}
