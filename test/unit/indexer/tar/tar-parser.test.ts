import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LayerFormatError } from '../../../../lib/indexer/errors.ts';
import { createTarParser } from '../../../../lib/indexer/tar/tar-parser.ts';
import {
  archive,
  gnuTar,
  header,
  padded,
  paxHeader,
  paxRecord,
  type ReadEntry,
  readTar,
  type Tree,
  withChecksum,
} from '../tar-build.ts';

const TESTDATA = join(import.meta.dirname, '..', 'testdata');

const LONG_DIR = 'd'.repeat(120);
const LONG_FILE = 'f'.repeat(150);
const LONG_PATH = `${LONG_DIR}/${LONG_FILE}`;

// A small root filesystem with every kind of entry a layer holds, and names past ustar's 100 bytes.
const TREE: Tree = {
  'etc/os-release': { symlink: '../usr/lib/os-release' },
  'usr/lib/os-release': 'ID=debian\n',
  'etc/hosts': 'hi\n',
  'etc/hosts2': { hardlink: 'etc/hosts' },
  [LONG_PATH]: 'long\n',
  longlink: { symlink: `/${LONG_PATH}` },
  'big.bin': 'x'.repeat(1300),
  empty: '',
};

const entry = (path: string, type: ReadEntry['type'], content = '', linkTarget = ''): ReadEntry => ({
  path,
  type,
  size: Buffer.byteLength(content),
  linkTarget,
  content,
});

const WANT_TREE: ReadEntry[] = [
  entry('', 'dir'),
  entry('big.bin', 'file', 'x'.repeat(1300)),
  entry(LONG_DIR, 'dir'),
  entry(LONG_PATH, 'file', 'long\n'),
  entry('empty', 'file'),
  entry('etc', 'dir'),
  entry('etc/hosts', 'file', 'hi\n'),
  entry('etc/hosts2', 'hardlink', '', './etc/hosts'),
  entry('etc/os-release', 'symlink', '', '../usr/lib/os-release'),
  entry('longlink', 'symlink', '', `/${LONG_PATH}`),
  entry('usr', 'dir'),
  entry('usr/lib', 'dir'),
  entry('usr/lib/os-release', 'file', 'ID=debian\n'),
];

/** The error a parse of tar throws, or undefined when it reads whole. */
function parseError(tar: Buffer, chunkBytes = tar.length): unknown {
  try {
    readTar(tar, chunkBytes);
    return undefined;
  } catch (err) {
    return err;
  }
}

function assertFormatError(tar: Buffer, message: RegExp): void {
  const err = parseError(tar);
  assert.ok(err instanceof LayerFormatError, `want LayerFormatError, got ${String(err)}`);
  assert.match(err.message, message);
}

describe('tar parser', () => {
  describe('reads archives GNU tar writes', () => {
    for (const format of ['gnu', 'posix']) {
      it(`reads every entry of a --format=${format} archive, long names and links included`, () => {
        const tar = gnuTar(TREE, [`--format=${format}`]);

        const entries = readTar(tar);

        assert.deepEqual(entries, WANT_TREE);
      });
    }

    it('joins the ustar prefix field and the name of a --format=ustar archive', () => {
      const path = `${'a'.repeat(60)}/${'b'.repeat(60)}/c.txt`;
      const tar = gnuTar({ [path]: 'u\n' }, ['--format=ustar']);

      const entries = readTar(tar);

      assert.deepEqual(entries.at(-1), entry(path, 'file', 'u\n'));
    });

    it('makes absolute and parent-relative names relative to the layer root', () => {
      const tree: Tree = { 'src/etc/hosts': 'hi\n' };
      const absolute = gnuTar(tree, ['--format=gnu', '-P', '--transform=s,^src,/abs,'], ['src/etc/hosts']);
      const parent = gnuTar(
        tree,
        ['--format=gnu', '-P', '--transform=s,^src,../../escape,'],
        ['src/etc/hosts'],
      );

      assert.deepEqual(
        [...readTar(absolute), ...readTar(parent)].map((e) => e.path),
        ['abs/etc/hosts', 'escape/etc/hosts'],
      );
    });

    // GNU tar --incremental fills the old GNU atime and ctime fields, where ustar keeps its prefix.
    it('reads the names of a GNU --incremental archive without the atime field', () => {
      const tar = gnuTar({ 'etc/hosts': 'hi\n' }, ['--format=gnu', '--incremental'], ['etc']);

      const files = readTar(tar).filter((e) => e.type === 'file');

      assert.deepEqual(
        files.map((e) => e.path),
        ['etc/hosts'],
      );
    });

    const chunkSizes = [1, 7, 100, 511, 512, 513, 4096];
    for (const chunkBytes of chunkSizes) {
      it(`reads the same entries when the bytes arrive ${chunkBytes} at a time`, () => {
        const tar = gnuTar(TREE, ['--format=posix']);

        assert.deepEqual(readTar(tar, chunkBytes), WANT_TREE);
      });
    }

    it('skips the content of an entry its handler does not want and reads on', () => {
      const tar = gnuTar(TREE, ['--format=gnu']);
      const seen: string[] = [];
      const parser = createTarParser((e) => {
        seen.push(e.path);
        return undefined;
      });

      parser.push(tar);
      parser.end();

      assert.deepEqual(
        seen,
        WANT_TREE.map((e) => e.path),
      );
    });
  });

  describe('reads claircore tar edge cases', () => {
    it('reads both halves of concatenated archives, skipping the zero blocks between them', () => {
      const tar = readFileSync(join(TESTDATA, 'concat.tar'));

      const entries = readTar(tar).map((e) => [e.path, e.type, e.linkTarget]);

      assert.deepEqual(entries, [
        ['', 'dir', ''],
        ['run', 'dir', ''],
        ['run/logs', 'dir', ''],
        ['run/logs/log.txt', 'file', ''],
        ['var', 'dir', ''],
        ['var/run', 'symlink', '../run'],
        ['', 'dir', ''],
        ['var', 'dir', ''],
        ['var/run', 'dir', ''],
        ['var/run/console', 'dir', ''],
        ['var/run/console/algo.txt', 'file', ''],
      ]);
    });

    it('reads a PAX path holding a byte that is not UTF-8, as U+FFFD', () => {
      const tar = readFileSync(join(TESTDATA, 'bad_name.tar'));

      const entries = readTar(tar);

      assert.deepEqual(entries, [entry(`${'_'.repeat(100)}bad\u{fffd}name`, 'file', 'mojibake\n')]);
    });

    it('reads an archive without end-of-archive blocks', () => {
      const tar = readFileSync(join(TESTDATA, 'oddlayer.tar'));

      assert.deepEqual(readTar(tar), [entry('', 'dir')]);
    });
  });

  describe('reads hand-made headers', () => {
    it('reads nothing from an empty archive or no bytes', () => {
      assert.deepEqual(readTar(Buffer.alloc(1024)), []);
      assert.deepEqual(readTar(Buffer.alloc(0)), []);
    });

    const types: { flag: string; want: ReadEntry['type'] }[] = [
      { flag: '0', want: 'file' },
      { flag: '\0', want: 'file' },
      { flag: '7', want: 'file' },
      { flag: '1', want: 'hardlink' },
      { flag: '2', want: 'symlink' },
      { flag: '3', want: 'other' },
      { flag: '4', want: 'other' },
      { flag: '5', want: 'dir' },
      { flag: '6', want: 'other' },
      { flag: 'V', want: 'other' },
    ];
    for (const { flag, want } of types) {
      it(`reads type flag ${JSON.stringify(flag)} as ${want}`, () => {
        const tar = archive(header({ name: 'x', type: flag }));

        assert.equal(readTar(tar)[0]?.type, want);
      });
    }

    it('reads no content after a link or folder header whatever its size field says', () => {
      const tar = archive(
        header({ name: 'link', type: '2', size: 4096, linkname: 'target' }),
        header({ name: 'next', size: 2 }),
        padded('ok'),
      );

      assert.deepEqual(readTar(tar), [
        { path: 'link', type: 'symlink', size: 0, linkTarget: 'target', content: '' },
        entry('next', 'file', 'ok'),
      ]);
    });

    it('reads the permission bits, and 0 for a mode field that is not octal', () => {
      const executable = header({ name: 'bin/tool' });
      executable.write('0104755\0', 100, 'latin1');
      const garbled = header({ name: 'odd' });
      garbled.write('rwxr-x\0\0', 100, 'latin1');
      const modes: number[] = [];
      const parser = createTarParser((e) => {
        modes.push(e.mode);
        return undefined;
      });

      parser.push(archive(withChecksum(executable), withChecksum(garbled)));
      parser.end();

      assert.deepEqual(modes, [0o4755, 0]);
    });

    it('reads a GNU base-256 size', () => {
      const block = header({ name: 'big' });
      block.fill(0, 124, 136);
      block[124] = 0x80;
      block.writeUIntBE(5, 130, 6);
      const tar = archive(withChecksum(block), padded('hello'));

      assert.deepEqual(readTar(tar), [entry('big', 'file', 'hello')]);
    });

    it('accepts a checksum summed over signed bytes, as old archivers wrote it', () => {
      const block = header({ name: 'caf\u00e9' });
      block.fill(0x20, 148, 156);
      let signed = 0;
      for (const byte of block) signed += byte > 127 ? byte - 256 : byte;
      block.write(`${signed.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');

      assert.deepEqual(
        readTar(archive(block)).map((e) => e.path),
        ['caf\u00e9'],
      );
    });

    it('takes path, linkpath and size from a PAX header', () => {
      const records =
        paxRecord('path', 'pax/name') + paxRecord('linkpath', 'pax/target') + paxRecord('size', '5');
      const tar = archive(paxHeader(records), header({ name: 'short', size: 0 }), padded('hello'));

      assert.deepEqual(readTar(tar), [
        { path: 'pax/name', type: 'file', size: 5, linkTarget: 'pax/target', content: 'hello' },
      ]);
    });

    it('applies a PAX header only to the entry after it', () => {
      const tar = archive(
        paxHeader(paxRecord('path', 'renamed')),
        header({ name: 'one' }),
        header({ name: 'two' }),
      );

      assert.deepEqual(
        readTar(tar).map((e) => e.path),
        ['renamed', 'two'],
      );
    });

    it('ignores a PAX global header', () => {
      const records = paxRecord('path', 'global');
      const global = header({ name: 'g', type: 'g', size: records.length });
      const tar = archive(global, padded(records), header({ name: 'own' }));

      assert.deepEqual(
        readTar(tar).map((e) => e.path),
        ['own'],
      );
    });

    it('takes a long name and a long link target from GNU L and K headers', () => {
      const name = `${'n'.repeat(300)}/file`;
      const target = `${'t'.repeat(300)}/target`;
      const tar = archive(
        header({ name: '././@LongLink', type: 'L', size: name.length + 1 }),
        padded(`${name}\0`),
        header({ name: '././@LongLink', type: 'K', size: target.length + 1 }),
        padded(`${target}\0`),
        header({ name: 'short', type: '2', linkname: 'short' }),
      );

      assert.deepEqual(readTar(tar), [
        { path: name, type: 'symlink', size: 0, linkTarget: target, content: '' },
      ]);
    });
  });

  describe('rejects hostile and broken archives', () => {
    it('rejects a header whose checksum does not add up', () => {
      const tar = gnuTar(TREE, ['--format=gnu']);
      tar.writeUInt8(tar.readUInt8(512 + 10) ^ 0x01, 512 + 10);

      assertFormatError(tar, /^tar entry 2: header checksum mismatch/);
    });

    it('rejects a size field that is not octal', () => {
      const block = header({ name: 'f' });
      block.write('00000000009\0', 124, 'latin1');

      assertFormatError(archive(withChecksum(block)), /^tar entry 1: size "00000000009" is not octal$/);
    });

    it('rejects a negative base-256 size', () => {
      const block = header({ name: 'f' });
      block.fill(0xff, 124, 136);

      assertFormatError(archive(withChecksum(block)), /^tar entry 1: negative size$/);
    });

    it('rejects a base-256 size past the largest safe integer', () => {
      const block = header({ name: 'f' });
      block.fill(0xff, 124, 136);
      block[124] = 0x80;

      assertFormatError(archive(withChecksum(block)), /^tar entry 1: size is too large$/);
    });

    const badRecords: { name: string; records: string; at: number }[] = [
      { name: 'a length past the end of the header', records: '99 path=x\n', at: 0 },
      { name: 'a length that is not a number', records: 'ab path=x\n', at: 0 },
      { name: 'a zero length', records: '0 path=x\n', at: 0 },
      { name: 'a negative length', records: '-9 path=x\n', at: 0 },
      { name: 'no space after the length', records: '10path=xyz\n', at: 0 },
      { name: 'a bad second record', records: `${paxRecord('path', 'x')}77 linkpath=y\n`, at: 9 },
    ];
    for (const { name, records, at } of badRecords) {
      it(`rejects a PAX record with ${name}`, () => {
        const tar = archive(paxHeader(records), header({ name: 'f' }));

        assertFormatError(tar, new RegExp(`^tar entry 1: malformed PAX record at byte ${at}$`));
      });
    }

    for (const size of ['-1', '1.5', 'abc', '9007199254740993']) {
      it(`rejects a PAX size of ${JSON.stringify(size)}`, () => {
        const tar = archive(paxHeader(paxRecord('size', size)), header({ name: 'f' }));

        assertFormatError(tar, /^tar entry 1: PAX size ".*" is invalid$/);
      });
    }

    for (const type of ['x', 'L', 'K']) {
      it(`rejects a 2 MiB ${type} metadata header before holding it`, () => {
        const size = 2 * 2 ** 20;
        const tar = archive(
          header({ name: 'meta', type, size }),
          Buffer.alloc(size, 0x61),
          header({ name: 'f' }),
        );

        assertFormatError(tar, /^tar entry 1: 2097152-byte metadata header is too large$/);
      });
    }

    it('rejects an archive cut in the middle of an entry', () => {
      const tar = gnuTar(TREE, ['--format=gnu']);

      // Entry 2 is big.bin: its header is the second block, its 1300 bytes start at 1024.
      assertFormatError(tar.subarray(0, 1024 + 700), /^tar archive is truncated in entry 2$/);
    });

    it('rejects an archive cut in the middle of a header', () => {
      const tar = gnuTar(TREE, ['--format=gnu']);

      assertFormatError(tar.subarray(0, 512 + 100), /^tar archive is truncated in entry 2$/);
    });

    it('rejects bytes that are not a tar archive', () => {
      assertFormatError(Buffer.from('not a tar archive, just some text'.repeat(20)), /checksum mismatch/);
    });
  });

  describe('mutated archives', () => {
    // Any bytes either read as a tar or fail with LayerFormatError: never another error, and the
    // parser never hands on more content than it was given.
    const bases: { name: string; tar: Buffer }[] = [
      { name: 'gnu', tar: gnuTar(TREE, ['--format=gnu']) },
      { name: 'posix', tar: gnuTar(TREE, ['--format=posix']) },
      {
        name: 'ustar',
        tar: gnuTar({ 'etc/hosts': 'hi\n', 'etc/link': { symlink: 'hosts' } }, ['--format=ustar']),
      },
    ];
    const MUTATIONS = 2000;

    for (const { name, tar } of bases) {
      it(`parses or rejects with LayerFormatError each of ${MUTATIONS} mutations of a ${name} archive`, () => {
        const random = prng(0x5eed + name.length);
        const headers = headerOffsets(tar);
        const outcomes = { parsed: 0, rejected: 0 };
        for (let i = 0; i < MUTATIONS; i++) {
          const mutated = mutate(tar, headers, random);
          const chunkBytes = 1 + Math.floor(random() * 2048);
          let contentBytes = 0;
          try {
            const parser = createTarParser(() => ({
              write: (chunk) => {
                contentBytes += chunk.length;
              },
              end: () => {},
            }));
            for (let at = 0; at < mutated.length; at += chunkBytes)
              parser.push(mutated.subarray(at, at + chunkBytes));
            parser.end();
            outcomes.parsed++;
          } catch (err) {
            if (!(err instanceof LayerFormatError)) {
              assert.fail(`mutation ${i} of the ${name} archive threw ${String(err)}`);
            }
            outcomes.rejected++;
          }
          assert.ok(contentBytes <= mutated.length, `mutation ${i} handed on ${contentBytes} bytes`);
        }
        assert.ok(
          outcomes.parsed > 0 && outcomes.rejected > 0,
          `both outcomes occur: ${JSON.stringify(outcomes)}`,
        );
      });
    }
  });
});

/** mulberry32: a small seeded generator of floats in [0, 1). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Offsets of the blocks of tar whose checksum adds up: its headers. */
function headerOffsets(tar: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 0; at + 512 <= tar.length; at += 512) {
    const block = tar.subarray(at, at + 512);
    if (block.every((b) => b === 0)) continue;
    const stored = Number.parseInt(block.toString('latin1', 148, 155), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    if (sum === stored) offsets.push(at);
  }
  return offsets;
}

// Header fields worth aiming at: name, size, checksum, type flag, link name, magic, prefix.
const FIELDS: readonly [start: number, length: number][] = [
  [0, 100],
  [124, 12],
  [148, 8],
  [156, 1],
  [157, 100],
  [257, 8],
  [345, 155],
];
const INTERESTING = [
  0x00, 0x20, 0x30, 0x37, 0x38, 0x0a, 0x3d, 0x80, 0xff, 0x78, 0x4c, 0x4b, 0x67, 0x35, 0x32,
];

/** One random change to tar: bytes, a header field (checksum fixed or not), a cut, an insertion. */
function mutate(tar: Buffer, headers: readonly number[], random: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const byte = (): number => (random() < 0.5 ? pick(INTERESTING) : Math.floor(random() * 256));
  const out = Buffer.from(tar);
  const kind = Math.floor(random() * 6);
  if (kind === 0) {
    for (let n = 1 + Math.floor(random() * 4); n > 0; n--) out[Math.floor(random() * out.length)] = byte();
    return out;
  }
  if (kind === 1 || kind === 2) {
    // A header field changed, and in half the cases the checksum made right so parsing goes deeper.
    const at = pick(headers);
    const [start, length] = pick(FIELDS);
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--)
      out[at + start + Math.floor(random() * length)] = byte();
    if (kind === 2) withChecksum(out.subarray(at, at + 512));
    return out;
  }
  if (kind === 3) {
    // A size written anew, in octal or base-256, with a good checksum.
    const at = pick(headers);
    const block = out.subarray(at, at + 512);
    if (random() < 0.5)
      block.write(
        `${Math.floor(random() * 8 ** 11)
          .toString(8)
          .padStart(11, '0')}\0`,
        124,
        'latin1',
      );
    else for (let i = 124; i < 136; i++) block[i] = i === 124 ? pick([0x80, 0xff, 0x81]) : byte();
    withChecksum(block);
    return out;
  }
  if (kind === 4) return out.subarray(0, Math.floor(random() * out.length));
  const at = Math.floor(random() * out.length);
  const inserted = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 600) }, byte));
  return random() < 0.5
    ? Buffer.concat([out.subarray(0, at), inserted, out.subarray(at)])
    : Buffer.concat([out.subarray(0, at), out.subarray(at + inserted.length)]);
}
