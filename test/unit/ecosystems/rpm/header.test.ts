import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_ARRAY_VALUES, parseRpmHeader, TAG } from '../../../../lib/ecosystems/rpm/header.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { mutate, random } from '../../../helpers/prng.ts';

// claircore's internal/rpm/rpmdb/testdata/package.header: crypto-policies from Fedora 34.
const blob = readFileSync(join(import.meta.dirname, 'testdata', 'package.header'));
const SIZE = 1009; // RPMTAG_SIZE, an int32 every header has.

/** A header of one tag of this type and count at offset 0 over dataBytes zero bytes, as a crafted database could hold. */
function oneTagHeader(tag: number, type: number, count: number, dataBytes: number): Buffer {
  const bytes = Buffer.alloc(8 + 16 + dataBytes);
  bytes.writeUInt32BE(1, 0);
  bytes.writeUInt32BE(dataBytes, 4);
  bytes.writeUInt32BE(tag, 8);
  bytes.writeUInt32BE(type, 12);
  bytes.writeInt32BE(0, 16);
  bytes.writeUInt32BE(count, 20);
  return bytes;
}

describe('rpm header', () => {
  it('reads the string tags of a real header', () => {
    const h = parseRpmHeader(blob);
    assert.deepEqual(
      [TAG.name, TAG.version, TAG.release, TAG.arch, TAG.sourceRpm].map((t) => h.string(t)),
      [
        'crypto-policies',
        '20210213',
        '1.git5c710c0.fc34',
        'noarch',
        'crypto-policies-20210213-1.git5c710c0.fc34.src.rpm',
      ],
    );
  });

  it('reads an int32 tag of a real header', () => {
    assert.equal(typeof parseRpmHeader(blob).int32(SIZE), 'number');
  });

  it('reads the string-array and int32-array file name tags of a real header', () => {
    const h = parseRpmHeader(blob);
    const baseNames = h.strings(TAG.baseNames) ?? [];
    const dirIndexes = h.int32s(TAG.dirIndexes) ?? [];
    assert.deepEqual([baseNames.length, dirIndexes.length], [152, 152]);
    assert.deepEqual(baseNames.slice(0, 3), ['crypto-policies', 'back-ends', 'bind.config']);
    assert.deepEqual(h.strings(TAG.dirNames)?.slice(0, 3), [
      '/etc/',
      '/etc/crypto-policies/',
      '/etc/crypto-policies/back-ends/',
    ]);
    assert.deepEqual(dirIndexes.slice(0, 3), [0, 1, 2]);
    assert.equal(h.strings(TAG.fileNames), undefined);
    assert.equal(h.strings(TAG.name), undefined);
  });

  it('gives undefined for a tag the header does not have', () => {
    const h = parseRpmHeader(blob);
    assert.equal(h.int32(TAG.epoch), undefined);
    assert.equal(h.string(TAG.modularityLabel), undefined);
  });

  it('gives undefined for a tag read as the wrong type', () => {
    const h = parseRpmHeader(blob);
    assert.equal(h.string(SIZE), undefined);
    assert.equal(h.int32(TAG.name), undefined);
  });

  const bad: { name: string; bytes: Buffer; message: RegExp }[] = [
    { name: 'fewer than 8 bytes', bytes: blob.subarray(0, 7), message: /7 bytes: too short/ },
    { name: 'no tags', bytes: Buffer.concat([Buffer.alloc(4), blob.subarray(4)]), message: /0 tags/ },
    {
      name: 'more tags than rpm allows',
      bytes: Buffer.concat([Buffer.from([0, 1, 0, 0]), blob.subarray(4)]),
      message: /65536 tags .* out of range/,
    },
    {
      name: 'a data store larger than rpm allows',
      bytes: Buffer.concat([blob.subarray(0, 4), Buffer.from([0x10, 0, 0, 0]), blob.subarray(8)]),
      message: /out of range/,
    },
    {
      name: 'a blob cut short',
      bytes: blob.subarray(0, blob.length - 1),
      message: /shorter than its index says/,
    },
  ];
  for (const b of bad) {
    it(`rejects a header with ${b.name}`, () => {
      assert.throws(
        () => parseRpmHeader(b.bytes),
        (err: Error) => err instanceof InvalidInputError && b.message.test(err.message),
      );
    });
  }

  const counts: { name: string; read: () => unknown; message: RegExp }[] = [
    {
      name: 'a string array counting more strings than the files of any package',
      read: () => parseRpmHeader(oneTagHeader(TAG.baseNames, 8, 0xffffffff, 2 ** 20)).strings(TAG.baseNames),
      message: /tag 1117: 4294967295 values: more than 1000000/,
    },
    {
      name: 'a string array counting more strings than it has bytes left',
      read: () => parseRpmHeader(oneTagHeader(TAG.baseNames, 8, 1000, 999)).strings(TAG.baseNames),
      message: /tag 1117: 1000 values run past the data/,
    },
    {
      name: 'an int32 array counting more numbers than fit in the bytes left',
      read: () => parseRpmHeader(oneTagHeader(TAG.dirIndexes, 4, 250, 999)).int32s(TAG.dirIndexes),
      message: /tag 1116: 250 values run past the data/,
    },
    {
      name: 'an int32 array counting more numbers than the files of any package',
      read: () => parseRpmHeader(oneTagHeader(TAG.dirIndexes, 4, 0x40000000, 2 ** 20)).int32s(TAG.dirIndexes),
      message: /tag 1116: 1073741824 values: more than 1000000/,
    },
  ];
  for (const c of counts) {
    it(`rejects, before reading its values, ${c.name}`, () => {
      assert.throws(c.read, (err: Error) => err instanceof InvalidInputError && c.message.test(err.message));
    });
  }

  it('reads as many empty strings as a string array has NULs, up to the most of one package', () => {
    const h = parseRpmHeader(oneTagHeader(TAG.baseNames, 8, MAX_ARRAY_VALUES, MAX_ARRAY_VALUES));
    const names = h.strings(TAG.baseNames) ?? [];
    assert.equal(names.length, MAX_ARRAY_VALUES);
    assert.ok(names.every((n) => n === ''));
  });

  it('either reads or rejects with InvalidInputError any corruption of a real header', () => {
    const r = random(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const bytes = mutate(blob, r);
      try {
        const h = parseRpmHeader(bytes);
        for (const tag of [...Object.values(TAG), SIZE]) {
          h.string(tag);
          h.int32(tag);
          h.strings(tag);
          h.int32s(tag);
        }
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `case ${i}: ${(err as Error).stack}`);
      }
    }
  });
});
