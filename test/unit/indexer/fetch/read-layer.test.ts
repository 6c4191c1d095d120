import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { createGzip, createZstdCompress, gzipSync } from 'node:zlib';
import { DEFAULTS } from '../../../../lib/config/defaults.ts';
import type { LayerLimitsConfig } from '../../../../lib/config/types.ts';
import { DigestMismatchError, LayerFormatError, LayerLimitError } from '../../../../lib/indexer/errors.ts';
import { type ReadLayerOptions, readLayer } from '../../../../lib/indexer/fetch/read-layer.ts';
import { createLayerWalk } from '../../../../lib/indexer/layer-walk.ts';
import type { EntryHandler } from '../../../../lib/indexer/tar/tar-parser.ts';
import { gnuTar, type Tree } from '../tar-build.ts';

const LIMITS: LayerLimitsConfig = DEFAULTS.indexer.layerLimits;
const MAX_COMPRESSED = DEFAULTS.indexer.layerFetch.maxBytes;

const TREE: Tree = {
  'etc/os-release': { symlink: '../usr/lib/os-release' },
  'usr/lib/os-release': 'ID=debian\n',
  'var/lib/dpkg/status': 'Package: bash\nVersion: 5.2.15-2+b2\n\n'.repeat(50),
  'usr/bin/bash': Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919 + (i >> 5)) % 256)),
};
const TAR = gnuTar(TREE, ['--format=gnu']);

const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const compress = (tool: string, input: Buffer): Buffer =>
  execFileSync(tool, ['-c'], { input, maxBuffer: 2 ** 30, stdio: ['pipe', 'pipe', 'ignore'] });
const hasTool = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** A byte stream of bytes in chunks of chunkBytes, as an HTTP body arrives. */
function bodyOf(bytes: Buffer, chunkBytes = 16 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
    })(),
  );
}

type Seen = { path: string; type: string; size: number; linkTarget: string; content: string };

/** An onEntry that records every entry with the sha256 of its content. */
function recorder(): { onEntry: EntryHandler; seen: Seen[] } {
  const seen: Seen[] = [];
  const onEntry: EntryHandler = (entry) => {
    const hash = createHash('sha256');
    return {
      write: (chunk) => {
        hash.update(chunk);
      },
      end: () => {
        seen.push({ ...entry, content: hash.digest('hex') });
      },
    };
  };
  return { onEntry, seen };
}

function options(bytes: Buffer, overrides: Partial<ReadLayerOptions> = {}): ReadLayerOptions {
  return {
    digest: sha256(bytes),
    maxCompressedBytes: MAX_COMPRESSED,
    limits: LIMITS,
    onEntry: () => undefined,
    ...overrides,
  };
}

/** Deterministic bytes that do not compress: sha256 in counter mode. */
function noise(seed: number, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < length; i++) blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

/** The bytes of mib MiB of zeros through a compressing stream: a decompression bomb. */
async function bomb(compressor: Transform, mib: number): Promise<Buffer> {
  const zeros = Buffer.alloc(2 ** 20);
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < mib; i++) yield zeros;
    })(),
  );
  return buffer(source.pipe(compressor));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof Error, `rejects with an Error, not ${String(err)}`);
    return err;
  }
  assert.fail('want a rejection');
}

describe('readLayer', () => {
  let spillDir: string;
  before(() => {
    spillDir = mkdtempSync(join(tmpdir(), 'clairless-read-layer-'));
  });
  after(() => {
    rmSync(spillDir, { recursive: true, force: true });
  });

  describe('reads a layer', () => {
    const forms: { compression: 'gzip' | 'zstd' | 'none'; bytes: () => Buffer }[] = [
      { compression: 'none', bytes: () => TAR },
      { compression: 'gzip', bytes: () => compress('gzip', TAR) },
      { compression: 'zstd', bytes: () => compress('zstd', TAR) },
    ];
    for (const { compression, bytes } of forms) {
      it(`hands on the same entries from the ${compression === 'none' ? 'plain' : compression} tar`, async () => {
        const want = recorder();
        await readLayer(bodyOf(TAR), options(TAR, { onEntry: want.onEntry }));
        const layer = bytes();
        const got = recorder();

        const result = await readLayer(bodyOf(layer), options(layer, { onEntry: got.onEntry }));

        assert.deepEqual(result, {
          compression,
          compressedBytes: layer.length,
          uncompressedBytes: TAR.length,
        });
        assert.deepEqual(got.seen, want.seen);
        assert.deepEqual(
          got.seen.map((e) => e.path),
          [
            '',
            'etc',
            'etc/os-release',
            'usr',
            'usr/bin',
            'usr/bin/bash',
            'usr/lib',
            'usr/lib/os-release',
            'var',
            'var/lib',
            'var/lib/dpkg',
            'var/lib/dpkg/status',
          ],
        );
      });
    }

    it('reads a body that arrives a few bytes at a time', async () => {
      const layer = compress('gzip', TAR);
      const want = recorder();
      await readLayer(bodyOf(layer), options(layer, { onEntry: want.onEntry }));
      const got = recorder();

      await readLayer(bodyOf(layer, 37), options(layer, { onEntry: got.onEntry }));

      assert.deepEqual(got.seen, want.seen);
    });

    it('checks a sha512 digest', async () => {
      const layer = gzipSync(TAR);
      const digest = `sha512:${createHash('sha512').update(layer).digest('hex')}`;

      const result = await readLayer(bodyOf(layer), options(layer, { digest }));

      assert.equal(result.compression, 'gzip');
    });
  });

  describe('digests', () => {
    it('rejects a layer whose bytes do not hash to its digest, naming both digests', async () => {
      const layer = gzipSync(TAR);
      const wrong = `sha256:${'0'.repeat(64)}`;

      const err = await rejection(readLayer(bodyOf(layer), options(layer, { digest: wrong })));

      assert.ok(err instanceof DigestMismatchError);
      assert.equal(
        err.message,
        `layer ${wrong} does not match its content, which hashes to ${sha256(layer)}`,
      );
    });
  });

  describe('compressions', () => {
    const unsupported: { name: string; bytes: () => Buffer; what: RegExp; skip?: string | false }[] = [
      {
        name: 'bzip2',
        bytes: () => compress('bzip2', TAR),
        what: /^unsupported layer compression: bzip2 /,
        skip: !hasTool('bzip2') && 'bzip2 is not installed',
      },
      {
        name: 'xz',
        bytes: () => compress('xz', TAR),
        what: /^unsupported layer compression: xz /,
        skip: !hasTool('xz') && 'xz is not installed',
      },
      {
        name: 'random bytes',
        bytes: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)),
        what: /^unsupported layer compression: bytes starting [0-9a-f]{16} /,
      },
    ];
    for (const { name, bytes, what, skip } of unsupported) {
      it(`rejects a ${name} layer as an unsupported compression`, { skip }, async () => {
        const layer = bytes();

        const err = await rejection(readLayer(bodyOf(layer, 100), options(layer)));

        assert.ok(err instanceof LayerFormatError);
        assert.match(err.message, what);
      });

      it(`reports a ${name} body that does not match the digest as a digest mismatch`, { skip }, async () => {
        const layer = bytes();

        const err = await rejection(readLayer(bodyOf(layer, 100), options(TAR)));

        assert.ok(err instanceof DigestMismatchError);
        assert.match(err.message, new RegExp(`which hashes to ${sha256(layer)}$`));
      });
    }

    it('rejects a gzip layer whose data is corrupt', async () => {
      const layer = compress('gzip', TAR);
      const middle = Math.floor(layer.length / 2);
      layer.fill(0xa5, middle, middle + 16);

      const err = await rejection(readLayer(bodyOf(layer), options(layer)));

      assert.ok(err instanceof LayerFormatError);
      assert.match(err.message, /^layer is not valid gzip: /);
    });

    it('rejects a gzip layer whose CRC is wrong', async () => {
      const layer = compress('gzip', TAR);
      layer.writeUInt8(layer.readUInt8(layer.length - 8) ^ 0xff, layer.length - 8);

      const err = await rejection(readLayer(bodyOf(layer), options(layer)));

      assert.ok(err instanceof LayerFormatError);
      assert.equal(err.message, 'layer is not valid gzip: incorrect data check');
    });

    it('rejects a gzip layer cut short', async () => {
      const whole = compress('gzip', TAR);
      const layer = whole.subarray(0, whole.length - 100);

      const err = await rejection(readLayer(bodyOf(layer), options(layer)));

      assert.ok(err instanceof LayerFormatError);
      assert.match(
        err.message,
        /^(layer is not valid gzip: unexpected end of file|tar archive is truncated)/,
      );
    });

    it('rejects a zstd layer whose content checksum is wrong', async () => {
      const layer = compress('zstd', TAR);
      layer.writeUInt8(layer.readUInt8(layer.length - 1) ^ 0xff, layer.length - 1);

      const err = await rejection(readLayer(bodyOf(layer), options(layer)));

      assert.ok(err instanceof LayerFormatError, `want LayerFormatError, got ${err.name}: ${err.message}`);
      assert.match(err.message, /^layer is not valid zstd: /);
    });

    it('rejects a zstd frame asking for more window memory than the decoder allows', async () => {
      // Magic, a frame header with no flags, and a window descriptor of 2^41 bytes.
      const layer = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8]), Buffer.alloc(600)]);

      const err = await rejection(readLayer(bodyOf(layer), options(layer)));

      assert.ok(err instanceof LayerFormatError, `want LayerFormatError, got ${err.name}: ${err.message}`);
      assert.match(err.message, /^layer is not valid zstd: /);
    });

    it('rejects a zstd layer cut short', async () => {
      const whole = compress('zstd', TAR);
      const layer = whole.subarray(0, whole.length - 100);

      const err = await rejection(readLayer(bodyOf(layer), options(layer)));

      assert.ok(err instanceof LayerFormatError, `want LayerFormatError, got ${err.name}: ${err.message}`);
    });

    it('rejects a tar cut short inside a valid gzip stream', async () => {
      const layer = gzipSync(TAR.subarray(0, 2000));

      const err = await rejection(readLayer(bodyOf(layer), options(layer)));

      assert.ok(err instanceof LayerFormatError);
      assert.match(err.message, /^tar archive is truncated in entry \d+$/);
    });
  });

  describe('limits', () => {
    for (const [name, compressor] of [
      ['gzip', () => createGzip({ level: 9 })],
      ['zstd', () => createZstdCompress()],
    ] as const) {
      it(`rejects a ${name} bomb of 200 MiB of zeros on max_expansion_ratio`, async () => {
        const layer = await bomb(compressor(), 200);

        const err = await rejection(readLayer(bodyOf(layer), options(layer)));

        assert.ok(err instanceof LayerLimitError);
        assert.match(
          err.message,
          /^layer expands more than 100 times \(indexer\.layer_limits\.max_expansion_ratio\): \d+ bytes became \d+, a decompression bomb$/,
        );
      });
    }

    it('rejects a layer over max_uncompressed_bytes', async () => {
      const layer = gzipSync(TAR);
      const limits = { ...LIMITS, maxUncompressedBytes: 4096 };

      const err = await rejection(readLayer(bodyOf(layer, 512), options(layer, { limits })));

      assert.ok(err instanceof LayerLimitError);
      assert.equal(
        err.message,
        'layer is over 4096 bytes uncompressed (indexer.layer_limits.max_uncompressed_bytes)',
      );
    });

    it('rejects a layer over the compressed max_bytes', async () => {
      const layer = gzipSync(TAR);

      const err = await rejection(
        readLayer(bodyOf(layer, 100), options(layer, { maxCompressedBytes: layer.length - 1 })),
      );

      assert.ok(err instanceof LayerLimitError);
      assert.equal(
        err.message,
        `layer is over ${layer.length - 1} bytes compressed (indexer.layer_fetch.max_bytes)`,
      );
    });

    it('rejects an unsupported layer over the compressed max_bytes while hashing it', async () => {
      const layer = Buffer.alloc(4096, 0x42);

      const err = await rejection(
        readLayer(bodyOf(layer, 100), options(layer, { maxCompressedBytes: 1000 })),
      );

      assert.ok(err instanceof LayerLimitError);
      assert.match(err.message, /\(indexer\.layer_fetch\.max_bytes\)$/);
    });

    it('rejects a layer over max_entries through the layer walk', async () => {
      const layer = compress('zstd', TAR);
      const walk = createLayerWalk([], { ...LIMITS, maxEntries: 5 }, spillDir);

      const err = await rejection(readLayer(bodyOf(layer), options(layer, { onEntry: walk.onEntry })));

      assert.ok(err instanceof LayerLimitError);
      assert.equal(err.message, 'layer has more than 5 entries (indexer.layer_limits.max_entries)');
    });

    it('rejects a layer with an entry over max_file_bytes through the layer walk', async () => {
      const layer = gzipSync(TAR);
      const walk = createLayerWalk([], { ...LIMITS, maxFileBytes: 19_999 }, spillDir);

      const err = await rejection(readLayer(bodyOf(layer), options(layer, { onEntry: walk.onEntry })));

      assert.ok(err instanceof LayerLimitError);
      assert.equal(
        err.message,
        'layer entry "usr/bin/bash" is 20000 bytes, over indexer.layer_limits.max_file_bytes (19999)',
      );
    });
  });

  describe('failures', () => {
    // A body left open keeps its connection and socket until the idle timeout closes them.
    for (const compression of ['none', 'gzip'] as const) {
      it(`releases the ${compression === 'none' ? 'plain' : compression} body when the layer fails part way`, async () => {
        // Bytes that do not compress, so most of the body is still to come when the walk stops.
        const files: Record<string, Buffer> = {};
        for (let i = 0; i < 100; i++) files[`f${i}`] = noise(i, 4096);
        const tar = gnuTar(files, ['--format=gnu']);
        const layer = compression === 'none' ? tar : gzipSync(tar);
        const body = bodyOf(layer, 1024);
        const walk = createLayerWalk([], { ...LIMITS, maxEntries: 3 }, spillDir);

        const err = await rejection(readLayer(body, options(layer, { onEntry: walk.onEntry })));

        assert.ok(err instanceof LayerLimitError);
        assert.equal(body.destroyed, true);
      });
    }

    it('passes on an error its entry handler throws', async () => {
      const layer = gzipSync(TAR);
      const failure = new Error('scanner broke');

      const err = await rejection(
        readLayer(
          bodyOf(layer),
          options(layer, {
            onEntry: () => {
              throw failure;
            },
          }),
        ),
      );

      assert.equal(err, failure);
    });
  });
});
