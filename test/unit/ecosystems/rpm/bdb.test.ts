import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isBdb, readBdbValues } from '../../../../lib/ecosystems/rpm/bdb.ts';
import { openFileReader } from '../../../../lib/ecosystems/rpm/file-reader.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { mutate, random } from '../../../helpers/prng.ts';
import {
  buildRpmFixtures,
  type RpmFixtures,
  rpmQueryAll,
  rpmToolsInstalled,
  SKIP_MESSAGE,
} from './rpmdb-fixtures.ts';

const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
const PAGE = 4096;
const PAGE_TYPE = { hash: 13, overflow: 7 } as const;

const hexes = (values: readonly Buffer[]): string[] => values.map((v) => v.toString('hex')).sort();

describe('rpm bdb reader', { skip }, () => {
  let fx: RpmFixtures;
  let bytes: Buffer;
  before(() => {
    fx = buildRpmFixtures();
    bytes = readFileSync(join(fx.roots.bdb, 'var/lib/rpm/Packages'));
  });
  after(() => fx?.cleanup());

  const read = (file: Buffer) => {
    const path = join(fx.scratch(), 'Packages');
    writeFileSync(path, file);
    const reader = openFileReader(path);
    try {
      return readBdbValues(reader);
    } finally {
      reader.close();
    }
  };
  /** A copy of the database with the next-page pointer of page n set to next. */
  const relink = (n: number, next: number): Buffer => {
    const copy = Buffer.from(bytes);
    copy.writeUInt32LE(next, n * PAGE + 16);
    return copy;
  };
  const pagesOfType = (type: number): number[] =>
    Array.from({ length: bytes.length / PAGE }, (_, n) => n).filter((n) => bytes[n * PAGE + 25] === type);

  it('is a database rpm itself reads', () => {
    assert.equal(rpmQueryAll(fx.roots.bdb, 'bdb_ro').length, fx.headers.length);
  });

  it('recognises a Berkeley DB hash file by its magic', () => {
    assert.equal(isBdb(bytes.subarray(0, 512)), true);
    assert.equal(isBdb(fx.headers[0] as Buffer), false);
    assert.equal(isBdb(bytes.subarray(0, 15)), false);
  });

  it('reads every header, the one larger than a page from its overflow pages', () => {
    const values = read(bytes);
    assert.deepEqual(hexes(values), hexes(fx.headers));
    assert.ok(values.some((v) => v.length > PAGE));
  });

  it('skips the record rpm keeps under key 0', () => {
    assert.equal(read(bytes).length, fx.headers.length);
  });

  it('rejects a bucket page that links to itself', () => {
    const [page] = pagesOfType(PAGE_TYPE.hash);
    assert.ok(page !== undefined);
    assert.throws(
      () => read(relink(page, page)),
      (err: Error) => err instanceof InvalidInputError && /page chain loops/.test(err.message),
    );
  });

  it('rejects an overflow chain that loops back', () => {
    const chained = pagesOfType(PAGE_TYPE.overflow).find((n) => bytes.readUInt32LE(n * PAGE + 16) !== 0);
    assert.ok(chained !== undefined);
    const next = bytes.readUInt32LE(chained * PAGE + 16);
    assert.throws(
      () => read(relink(next, chained)),
      (err: Error) => err instanceof InvalidInputError && /overflow chain loops/.test(err.message),
    );
  });

  it('rejects a page link past the last page', () => {
    const [page] = pagesOfType(PAGE_TYPE.hash);
    assert.throws(
      () => read(relink(page as number, 9999)),
      (err: Error) => err instanceof InvalidInputError && /past the last page/.test(err.message),
    );
  });

  it('rejects a hash page that claims more items than fit in it', () => {
    const [page] = pagesOfType(PAGE_TYPE.hash);
    const copy = Buffer.from(bytes);
    copy.writeUInt16LE(0xffff, (page as number) * PAGE + 20);
    assert.throws(() => read(copy), InvalidInputError);
  });

  it('rejects a database cut short', () => {
    assert.throws(() => read(bytes.subarray(0, 3 * PAGE)), InvalidInputError);
  });

  it('rejects a database cut inside its meta page', () => {
    assert.throws(() => read(bytes.subarray(0, 64)), InvalidInputError);
  });

  it('rejects a page size no Berkeley DB uses', () => {
    const copy = Buffer.from(bytes);
    copy.writeUInt32LE(1000, 20);
    assert.throws(
      () => read(copy),
      (err: Error) => err instanceof InvalidInputError && /page size 1000/.test(err.message),
    );
  });

  it('either reads or rejects with InvalidInputError any corruption of a real database', () => {
    const r = random(0xbdb);
    for (let i = 0; i < 300; i++) {
      const corrupt = mutate(bytes, r);
      try {
        read(corrupt);
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `case ${i}: ${(err as Error).stack}`);
      }
    }
  });
});
