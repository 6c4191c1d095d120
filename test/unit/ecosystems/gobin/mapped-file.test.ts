import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mappedReader } from '../../../../lib/ecosystems/gobin/mapped-file.ts';
import { openRandomAccess } from '../../../../lib/ecosystems/gobin/random-access.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

describe('gobin mapped reads', () => {
  it('fails on a read of more than 16 MiB from a segment, before allocating it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clairless-gobin-mapped-'));
    const path = join(dir, 'sparse');
    writeFileSync(path, '');
    truncateSync(path, 64 * 2 ** 20);
    const file = openRandomAccess({
      path: 'app',
      type: 'file',
      size: 64 * 2 ** 20,
      linkTarget: '',
      file: path,
    });
    try {
      const read = mappedReader(file, [
        { address: 0x1000, offset: 0, size: 64 * 2 ** 20, name: 'ELF segment' },
      ]);

      assert.equal(read(0x1000, 16 * 2 ** 20)?.length, 16 * 2 ** 20);
      assert.throws(
        () => read(0x1000, 32 * 2 ** 20),
        (err: Error) =>
          err instanceof InvalidInputError &&
          err.message === 'ELF segment (33554432 bytes at offset 0) is larger than the 16777216-byte limit',
      );
    } finally {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
