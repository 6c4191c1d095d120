import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openFileReader } from '../../../../lib/ecosystems/rpm/file-reader.ts';

const PATH = join(import.meta.dirname, 'testdata', 'package.header');
const bytes = readFileSync(PATH);

describe('rpm file reader', () => {
  it('knows the size of the file', () => {
    const r = openFileReader(PATH);
    try {
      assert.equal(r.size, bytes.length);
    } finally {
      r.close();
    }
  });

  it('reads the bytes at an offset', () => {
    const r = openFileReader(PATH);
    try {
      assert.deepEqual(r.read(0, 16), bytes.subarray(0, 16));
      assert.deepEqual(r.read(1000, 300), bytes.subarray(1000, 1300));
    } finally {
      r.close();
    }
  });

  it('reads only up to the end of the file', () => {
    const r = openFileReader(PATH);
    try {
      assert.deepEqual(r.read(bytes.length - 10, 100), bytes.subarray(bytes.length - 10));
      assert.equal(r.read(bytes.length, 100).length, 0);
      assert.equal(r.read(bytes.length + 4096, 100).length, 0);
    } finally {
      r.close();
    }
  });

  it('fails to open a file that does not exist', () => {
    assert.throws(() => openFileReader(join(import.meta.dirname, 'testdata', 'absent')), { code: 'ENOENT' });
  });
});
