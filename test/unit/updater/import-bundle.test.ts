import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import type pg from 'pg';
import { importBundle } from '../../../lib/updater/import-bundle.ts';
import { captureLog } from '../../helpers/log.ts';

describe('importBundle', () => {
  it('fails with the source error when a compressed bundle breaks off, and does not crash', async () => {
    for (const compress of [gzipSync, zstdCompressSync]) {
      const bytes = compress(Buffer.from('x'.repeat(100_000)));
      const source = new Readable({ read() {} });
      source.push(bytes.subarray(0, 16));
      setTimeout(() => source.destroy(new Error('connection reset by peer')), 20);
      // Nothing is read whole, so the database is never asked.
      await assert.rejects(
        importBundle(source, {} as pg.Pool, captureLog().log, 'cut.gz'),
        /connection reset by peer/,
      );
    }
  });
});
