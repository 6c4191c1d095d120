import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerLimitsConfig } from '../config/types.ts';
import { LayerLimitError } from './errors.ts';
import type { LayerEntry, Want } from './layer-files.ts';
import type { EntryHandler, EntrySink, TarEntry, TarEntryType } from './tar/tar-parser.ts';

/** Anything that can say which entries it needs: a scanner. */
export type WantsEntries = { wants(path: string, type: TarEntryType, mode?: number): Want };

export type LayerWalk = {
  /** For the tar parser: decides per entry what to keep, enforcing the entry limits. */
  readonly onEntry: EntryHandler;
  /** The entries kept so far, by path; a later entry with the same path replaces an earlier one. */
  readonly entries: Map<string, LayerEntry>;
  /** Closes a temp file left open by a walk that stopped in the middle of an entry. */
  abort(): void;
};

// Content wanted in memory is held up to this size; larger content goes to a temp file instead.
const MAX_IN_MEMORY = 64 * 2 ** 20;
const RANK: Record<Want, number> = { none: 0, presence: 1, content: 2, file: 3 };

/**
 * One streaming pass over a layer's entries: each entry is offered to every scanner, and kept
 * as presence, bytes or a temp file (under spillDir) according to the most demanding answer.
 */
export function createLayerWalk(
  scanners: readonly WantsEntries[],
  limits: LayerLimitsConfig,
  spillDir: string,
): LayerWalk {
  const entries = new Map<string, LayerEntry>();
  const open = new Set<number>();
  let count = 0;
  let spilled = 0;

  const keep = (entry: LayerEntry): void => {
    const previous = entries.get(entry.path);
    if (previous?.file !== undefined) unlinkSync(previous.file);
    entries.delete(entry.path);
    entries.set(entry.path, entry);
  };

  const onEntry = (entry: TarEntry): EntrySink | undefined => {
    count++;
    if (count > limits.maxEntries) {
      throw new LayerLimitError(
        `layer has more than ${limits.maxEntries} entries (indexer.layer_limits.max_entries)`,
      );
    }
    if (entry.size > limits.maxFileBytes) {
      throw new LayerLimitError(
        `layer entry ${JSON.stringify(entry.path)} is ${entry.size} bytes, over indexer.layer_limits.max_file_bytes (${limits.maxFileBytes})`,
      );
    }
    let want: Want = 'none';
    for (const scanner of scanners) {
      const asked = scanner.wants(entry.path, entry.type, entry.mode);
      if (RANK[asked] > RANK[want]) want = asked;
    }
    if (want === 'none') return undefined;
    const meta = { path: entry.path, type: entry.type, size: entry.size, linkTarget: entry.linkTarget };
    if (want === 'presence' || entry.type !== 'file') {
      keep(meta);
      return undefined;
    }
    if (want === 'content' && entry.size <= MAX_IN_MEMORY) return memorySink(meta, keep);
    return fileSink(meta, join(spillDir, `${++spilled}`), keep, open);
  };

  const abort = (): void => {
    for (const fd of open) closeSync(fd);
    open.clear();
  };
  return { onEntry, entries, abort };
}

function memorySink(meta: LayerEntry, keep: (entry: LayerEntry) => void): EntrySink {
  const chunks: Buffer[] = [];
  return {
    write: (chunk) => {
      chunks.push(Buffer.from(chunk));
    },
    end: () => keep({ ...meta, content: Buffer.concat(chunks) }),
  };
}

// Synchronous writes, as the tar parser is synchronous. Spilled files are rpm databases, Java
// archives and executables (Go binaries), so a layer of many binaries spills many.
function fileSink(
  meta: LayerEntry,
  file: string,
  keep: (entry: LayerEntry) => void,
  open: Set<number>,
): EntrySink {
  const fd = openSync(file, 'wx', 0o600);
  open.add(fd);
  return {
    write: (chunk) => {
      writeSync(fd, chunk);
    },
    end: () => {
      closeSync(fd);
      open.delete(fd);
      keep({ ...meta, file });
    },
  };
}
