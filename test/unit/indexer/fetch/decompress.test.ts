import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { LayerFormatError } from '../../../../lib/indexer/errors.ts';
import {
  type Compression,
  decompressor,
  detectCompression,
} from '../../../../lib/indexer/fetch/decompress.ts';
import { archive, gnuTar, header } from '../tar-build.ts';

const TAR = gnuTar({ 'etc/os-release': 'ID=debian\n', 'usr/bin/sh': 'x'.repeat(3000) }, ['--format=gnu']);

const hasTool = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
/** The bytes of input run through a compression command, e.g. `gzip -c`. */
const compress = (tool: string, input: Buffer): Buffer =>
  execFileSync(tool, ['-c'], { input, maxBuffer: 2 ** 30, stdio: ['pipe', 'pipe', 'ignore'] });

// A tar header block summed over signed bytes (a name with bytes past 127), as old archivers wrote.
function signedChecksumTar(): Buffer {
  const block = header({ name: 'caf\u00e9' });
  block.fill(0x20, 148, 156);
  let signed = 0;
  for (const byte of block) signed += byte > 127 ? byte - 256 : byte;
  block.write(`${signed.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return archive(block);
}

describe('detectCompression', () => {
  const recognised: { name: string; bytes: () => Buffer; want: Compression }[] = [
    { name: 'gzip -c output', bytes: () => compress('gzip', TAR), want: 'gzip' },
    { name: 'node:zlib gzip output', bytes: () => gzipSync(TAR), want: 'gzip' },
    { name: 'zstd -c output', bytes: () => compress('zstd', TAR), want: 'zstd' },
    { name: 'node:zlib zstd output', bytes: () => zstdCompressSync(TAR), want: 'zstd' },
    { name: 'a GNU tar', bytes: () => TAR, want: 'none' },
    { name: 'a PAX tar', bytes: () => gnuTar({ a: 'b' }, ['--format=posix']), want: 'none' },
    { name: 'a ustar tar', bytes: () => gnuTar({ a: 'b' }, ['--format=ustar']), want: 'none' },
    { name: 'an empty tar (two zero blocks)', bytes: () => Buffer.alloc(1024), want: 'none' },
    { name: 'only the first 512 bytes of a tar', bytes: () => TAR.subarray(0, 512), want: 'none' },
    {
      name: 'a tar whose checksum is a signed sum (the tar parser accepts it)',
      bytes: signedChecksumTar,
      want: 'none',
    },
  ];
  for (const { name, bytes, want } of recognised) {
    it(`recognises ${name} as ${want}`, () => {
      assert.equal(detectCompression(bytes()), want);
    });
  }

  const refused: { name: string; bytes: () => Buffer; what: string; skip?: string | false }[] = [
    {
      name: 'bzip2 -c output',
      bytes: () => compress('bzip2', TAR),
      what: 'bzip2',
      skip: !hasTool('bzip2') && 'bzip2 is not installed',
    },
    {
      name: 'xz -c output',
      bytes: () => compress('xz', TAR),
      what: 'xz',
      skip: !hasTool('xz') && 'xz is not installed',
    },
    {
      name: 'a zip archive',
      bytes: () => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(600)]),
      what: 'zip',
    },
    {
      name: 'gzip magic with a compression method other than deflate',
      bytes: () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x07]), Buffer.alloc(600)]),
      what: 'bytes starting 1f8b070000000000',
    },
    {
      name: 'text',
      bytes: () => Buffer.from('<html>not a layer</html>'.repeat(40)),
      what: 'bytes starting 3c68746d6c3e6e6f',
    },
    {
      name: 'a tar header cut short',
      bytes: () => TAR.subarray(0, 300),
      what: 'bytes starting 2e2f000000000000',
    },
    { name: 'no bytes at all', bytes: () => Buffer.alloc(0), what: 'bytes starting ' },
  ];
  for (const { name, bytes, what, skip } of refused) {
    it(`rejects ${name} as an unsupported compression`, { skip }, () => {
      assert.throws(
        () => detectCompression(bytes()),
        (err) => {
          assert.ok(err instanceof LayerFormatError);
          assert.equal(
            err.message,
            `unsupported layer compression: ${what} (want gzip, zstd or an uncompressed tar)`,
          );
          return true;
        },
      );
    });
  }
});

describe('decompressor', () => {
  for (const kind of ['gzip', 'zstd'] as const) {
    it(`gives back the tar that ${kind} -c compressed`, async () => {
      const out: Buffer[] = [];
      await pipeline(Readable.from([compress(kind, TAR)]), decompressor(kind), async (source) => {
        out.push(await buffer(source));
      });

      assert.deepEqual(Buffer.concat(out), TAR);
    });
  }
});
