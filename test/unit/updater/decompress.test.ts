import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { InvalidInputError } from '../../../lib/errors.ts';
import {
  type Compression,
  compressionOfName,
  decompressedChunks,
  detectCompression,
} from '../../../lib/updater/decompress.ts';

const ORACLE = join(import.meta.dirname, '../ecosystems/oracle/testdata/oval/com.oracle.elsa-2023.xml');

describe('detectCompression', () => {
  // claircore's ovalutil.Fetcher with CompressionAuto: Content-Type first, then the
  // Content-Disposition file name, then the URL.
  const cases: [name: string, headers: Record<string, string>, url: string, want: Compression][] = [
    ['bzip2 by content type', { 'content-type': 'application/x-bzip2' }, 'http://x/a.xml', 'bzip2'],
    ['gzip by content type', { 'content-type': 'application/gzip' }, 'http://x/a.xml', 'gzip'],
    [
      'x-gzip by content type',
      { 'content-type': 'Application/X-Gzip; charset=binary' },
      'http://x/a',
      'gzip',
    ],
    ['zstd by content type', { 'content-type': 'application/zstd' }, 'http://x/a', 'zstd'],
    [
      'none for another content type, whatever the URL',
      { 'content-type': 'text/xml' },
      'http://x/a.xml.gz',
      'none',
    ],
    [
      'the file name when the content type is malformed',
      { 'content-type': 'nonsense', 'content-disposition': 'attachment; filename="a.xml.bz2"' },
      'http://x/download',
      'bzip2',
    ],
    ['the URL ending .bz2', {}, 'http://x/com.oracle.elsa-2023.xml.bz2', 'bzip2'],
    ['the URL ending .gz', {}, 'http://x/suse.linux.enterprise.server.15.xml.gz?x=1', 'gzip'],
    ['the URL ending .zst', {}, 'http://x/a.xml.zst', 'zstd'],
    ['none for a plain URL', {}, 'http://x/com.vmware.phsa-photon3.xml', 'none'],
  ];
  for (const [name, headers, url, want] of cases) {
    it(`chooses ${want}: ${name}`, () => assert.equal(detectCompression(new Headers(headers), url), want));
  }
});

describe('compressionOfName', () => {
  it('reads the ending only', () => {
    assert.deepEqual(['a.gz', 'a.bz2', 'a.zst', 'a.xml', 'a.gz.sha256', 'feed-1'].map(compressionOfName), [
      'gzip',
      'bzip2',
      'zstd',
      'none',
      'none',
      'none',
    ]);
  });
});

describe('decompressedChunks', () => {
  let dir = '';
  let xml = Buffer.alloc(0);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-decompress-'));
    xml = await readFile(ORACLE);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, bytes: Buffer): Promise<string> => {
    const file = join(dir, name);
    await writeFile(file, bytes);
    return file;
  };
  const read = async (file: string, compression: Compression): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of decompressedChunks(file, compression, 'oval http://x/feed')) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  it('reads plain, gzip, zstd and bzip2 data back to the same bytes', async () => {
    assert.deepEqual(await read(await write('plain.xml', xml), 'none'), xml);
    assert.deepEqual(await read(await write('a.xml.gz', gzipSync(xml)), 'gzip'), xml);
    assert.deepEqual(await read(await write('a.xml.zst', zstdCompressSync(xml)), 'zstd'), xml);
    // Made with the bzip2 command (testdata/README.md).
    assert.deepEqual(await read(`${ORACLE}.bz2`, 'bzip2'), xml);
  });

  const broken: [name: string, compression: Compression, bytes: () => Promise<Buffer>, detail: RegExp][] = [
    ['a cut-off gzip stream', 'gzip', async () => gzipSync(xml).subarray(0, 500), /unexpected end of file/],
    ['plain XML read as gzip', 'gzip', async () => xml, /incorrect header check/],
    ['plain XML read as bzip2', 'bzip2', async () => xml, /No magic number found/],
    ['a cut-off bzip2 stream', 'bzip2', async () => (await readFile(`${ORACLE}.bz2`)).subarray(0, 1000), /./],
    ['a cut-off zstd stream', 'zstd', async () => zstdCompressSync(xml).subarray(0, 500), /./],
  ];
  for (const [name, compression, bytes, detail] of broken) {
    it(`rejects ${name} with InvalidInputError naming the feed`, async () => {
      const file = await write(`broken-${compression}`, await bytes());
      await assert.rejects(read(file, compression), (err: Error) => {
        assert.equal(err.name, InvalidInputError.name);
        assert.match(
          err.message,
          new RegExp(`^oval http://x/feed: ${compression} data is corrupt or cut short: `),
        );
        assert.match(err.message, detail);
        return true;
      });
    });
  }

  it('rejects a missing file with the file system error, not as bad input', async () => {
    await assert.rejects(read(join(dir, 'absent.gz'), 'gzip'), { code: 'ENOENT' });
  });
});
