import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LayerEntry } from '../../indexer/layer-files.ts';
import type { RandomAccess } from './mapped-file.ts';

/** Positional reads of a collected entry, from its temp file or its bytes; close() releases the file. */
export function openRandomAccess(entry: LayerEntry): RandomAccess & { close(): void } {
  const { content } = entry;
  if (content !== undefined) {
    return {
      size: content.length,
      read: (offset, length) => content.subarray(offset, offset + length),
      close: () => undefined,
    };
  }
  const fd = openSync(entry.file as string, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      const bytes = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
      let filled = 0;
      while (filled < bytes.length) {
        const n = readSync(fd, bytes, filled, bytes.length - filled, offset + filled);
        if (n === 0) break;
        filled += n;
      }
      return bytes.subarray(0, filled);
    },
    close: () => closeSync(fd),
  };
}
