import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Positional reads of a file, so large databases are never held in memory whole. */
export type FileReader = {
  readonly size: number;
  read(offset: number, length: number): Buffer;
  close(): void;
};

export function openFileReader(path: string): FileReader {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      if (buf.length > 0) readSync(fd, buf, 0, buf.length, offset);
      return buf;
    },
    close: () => closeSync(fd),
  };
}
