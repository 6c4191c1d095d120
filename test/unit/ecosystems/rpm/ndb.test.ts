import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openFileReader } from '../../../../lib/ecosystems/rpm/file-reader.ts';
import { adler32, isNdb, readNdbBlobs } from '../../../../lib/ecosystems/rpm/ndb.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { mutate, random } from '../../../helpers/prng.ts';
import { buildRpmFixtures, type RpmFixtures, rpmToolsInstalled, SKIP_MESSAGE } from './rpmdb-fixtures.ts';

const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
const FIRST_BLOB = 4096;

describe('adler32', () => {
  // RFC 1950's checksum; the values are zlib's adler32() of the same bytes.
  const cases: { name: string; data: Buffer; want: number }[] = [
    { name: 'no bytes', data: Buffer.alloc(0), want: 0x00000001 },
    { name: '"Wikipedia"', data: Buffer.from('Wikipedia'), want: 0x11e60398 },
    { name: '"abc"', data: Buffer.from('abc'), want: 0x024d0127 },
    // Long enough that the sums are reduced more than once.
    { name: '65536 bytes of 0xff', data: Buffer.alloc(65536, 0xff), want: 0x77970ef2 },
  ];
  for (const c of cases) {
    it(`sums ${c.name}`, () => assert.equal(adler32(c.data), c.want));
  }
});

describe('rpm ndb reader', { skip }, () => {
  let fx: RpmFixtures;
  let bytes: Buffer;
  before(() => {
    fx = buildRpmFixtures();
    bytes = readFileSync(join(fx.roots.ndb, 'var/lib/rpm/Packages.db'));
  });
  after(() => fx?.cleanup());

  const read = (file: Buffer) => {
    const path = join(fx.scratch(), 'Packages.db');
    writeFileSync(path, file);
    const reader = openFileReader(path);
    try {
      return readNdbBlobs(reader);
    } finally {
      reader.close();
    }
  };
  const rejects = (file: Buffer, message: RegExp) =>
    assert.throws(
      () => read(file),
      (err: Error) => err instanceof InvalidInputError && message.test(err.message),
    );
  const patched = (at: number, value: number): Buffer => {
    const copy = Buffer.from(bytes);
    copy.writeUInt32LE(value, at);
    return copy;
  };

  it('recognises an ndb Packages.db by its magic', () => {
    assert.equal(isNdb(bytes.subarray(0, 512)), true);
    assert.equal(isNdb(Buffer.from('RpmX')), false);
    assert.equal(isNdb(fx.headers[0] as Buffer), false);
  });

  it('reads every header, in slot order, the one larger than a page included', () => {
    const blobs = read(bytes);
    assert.deepEqual(blobs, fx.headers);
    assert.ok(blobs.some((b) => b.length > 4096));
  });

  it('skips free slots', () => {
    // Free the first slot, as rpm does when it erases a package.
    const copy = patched(32 + 8, 0);
    assert.deepEqual(read(copy), fx.headers.slice(1));
  });

  it('rejects a blob whose checksum does not match', () => {
    const copy = Buffer.from(bytes);
    copy[FIRST_BLOB + 16 + 100] = (copy[FIRST_BLOB + 16 + 100] as number) ^ 0xff;
    rejects(copy, /package 1 fails its checksum/);
  });

  it('rejects a slot with a bad magic', () => {
    rejects(patched(48, 0), /slot at byte 48 has a bad magic/);
  });

  it('rejects a blob that lies outside the file', () => {
    rejects(bytes.subarray(0, bytes.length - 16), /lies outside the file/);
  });

  it('rejects a blob whose header names another package', () => {
    rejects(patched(FIRST_BLOB + 4, 7), /package 1 has a bad blob header/);
  });

  it('rejects a blob whose trailer is damaged', () => {
    const second = bytes.readUInt32LE(48 + 8) * 16;
    rejects(patched(second - 4, 0), /package 1 has a bad blob trailer/);
  });

  it('rejects a Packages.db of another version', () => {
    rejects(patched(4, 1), /not a version 0 Packages.db/);
  });

  it('rejects a Packages.db cut inside its header', () => {
    assert.throws(() => read(bytes.subarray(0, 6)), InvalidInputError);
  });

  it('either reads or rejects with InvalidInputError any corruption of a real database', () => {
    const r = random(0x4db);
    for (let i = 0; i < 300; i++) {
      try {
        read(mutate(bytes, r));
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `case ${i}: ${(err as Error).stack}`);
      }
    }
  });
});
