import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DEFAULTS } from '../../../lib/config/defaults.ts';
import type { LayerLimitsConfig } from '../../../lib/config/types.ts';
import { LayerLimitError } from '../../../lib/indexer/errors.ts';
import type { Want } from '../../../lib/indexer/layer-files.ts';
import { createLayerWalk, type LayerWalk, type WantsEntries } from '../../../lib/indexer/layer-walk.ts';
import { createTarParser, type TarEntryType } from '../../../lib/indexer/tar/tar-parser.ts';
import { gnuTar, type Tree } from './tar-build.ts';

const LIMITS: LayerLimitsConfig = DEFAULTS.indexer.layerLimits;

const TREE: Tree = {
  'etc/os-release': { symlink: '../usr/lib/os-release' },
  'usr/lib/os-release': 'ID=debian\n',
  'var/lib/dpkg/status': 'Package: bash\n',
  'var/lib/rpm/rpmdb.sqlite': 'SQLite format 3\0',
  'etc/.wh.profile': '',
  'big.bin': 'x'.repeat(1300),
};

/** A scanner that asks for the paths listed, each as much as given. */
const scanner = (wants: Readonly<Record<string, Want>>): WantsEntries => ({
  wants: (path) => wants[path] ?? 'none',
});

/** Walks tar with the scanners, pushing it in one chunk. */
function walkTar(
  tar: Buffer,
  scanners: readonly WantsEntries[],
  spillDir: string,
  limits = LIMITS,
): LayerWalk {
  const walk = createLayerWalk(scanners, limits, spillDir);
  const parser = createTarParser(walk.onEntry);
  parser.push(tar);
  parser.end();
  return walk;
}

/** Open descriptors of this process on files under dir (Linux). */
function openFilesUnder(dir: string): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(join('/proc/self/fd', fd));
      } catch {
        return '';
      }
    })
    .filter((target) => target.startsWith(`${dir}/`));
}

describe('layer walk', () => {
  let spillDir: string;
  beforeEach(() => {
    spillDir = mkdtempSync(join(tmpdir(), 'clairless-walk-'));
  });
  afterEach(() => {
    rmSync(spillDir, { recursive: true, force: true });
  });

  it('keeps each entry as far as the most demanding scanner asks', () => {
    const tar = gnuTar(TREE, ['--format=gnu']);
    const scanners = [
      scanner({
        'etc/.wh.profile': 'presence',
        'usr/lib/os-release': 'presence',
        'var/lib/rpm/rpmdb.sqlite': 'content',
      }),
      scanner({
        'usr/lib/os-release': 'content',
        'var/lib/dpkg/status': 'content',
        'var/lib/rpm/rpmdb.sqlite': 'file',
      }),
    ];

    const walk = walkTar(tar, scanners, spillDir);

    const spilled = walk.entries.get('var/lib/rpm/rpmdb.sqlite')?.file;
    assert.deepEqual(
      [...walk.entries.values()].map(({ file: _file, ...entry }) => entry),
      [
        { path: 'etc/.wh.profile', type: 'file', size: 0, linkTarget: '' },
        {
          path: 'usr/lib/os-release',
          type: 'file',
          size: 10,
          linkTarget: '',
          content: Buffer.from('ID=debian\n'),
        },
        {
          path: 'var/lib/dpkg/status',
          type: 'file',
          size: 14,
          linkTarget: '',
          content: Buffer.from('Package: bash\n'),
        },
        { path: 'var/lib/rpm/rpmdb.sqlite', type: 'file', size: 16, linkTarget: '' },
      ],
    );
    assert.ok(spilled !== undefined);
    assert.ok(spilled.startsWith(`${spillDir}/`), `spilled under ${spillDir}: ${spilled}`);
    assert.equal(readFileSync(spilled, 'utf8'), 'SQLite format 3\0');
    assert.equal(statSync(spilled).mode & 0o777, 0o600);
  });

  it('keeps links and folders without content even when content is asked', () => {
    const tar = gnuTar(TREE, ['--format=gnu']);
    const wantsAll: WantsEntries = { wants: (_path: string, _type: TarEntryType): Want => 'content' };

    const walk = walkTar(tar, [wantsAll], spillDir);

    assert.deepEqual(walk.entries.get('etc/os-release'), {
      path: 'etc/os-release',
      type: 'symlink',
      size: 0,
      linkTarget: '../usr/lib/os-release',
    });
    assert.deepEqual(walk.entries.get('usr/lib'), { path: 'usr/lib', type: 'dir', size: 0, linkTarget: '' });
  });

  it('keeps nothing no scanner asks for', () => {
    const tar = gnuTar(TREE, ['--format=gnu']);

    const walk = walkTar(tar, [scanner({})], spillDir);

    assert.equal(walk.entries.size, 0);
    assert.deepEqual(readdirSync(spillDir), []);
  });

  it('lets a later entry replace an earlier one with the same path, which moves to the end', () => {
    const tar = readFileSync(join(import.meta.dirname, 'testdata', 'concat.tar'));
    const wantsAll: WantsEntries = { wants: () => 'presence' };

    const walk = walkTar(tar, [wantsAll], spillDir);

    assert.deepEqual(walk.entries.get('var/run'), { path: 'var/run', type: 'dir', size: 0, linkTarget: '' });
    assert.deepEqual(
      [...walk.entries.keys()],
      [
        'run',
        'run/logs',
        'run/logs/log.txt',
        '',
        'var',
        'var/run',
        'var/run/console',
        'var/run/console/algo.txt',
      ],
    );
  });

  it('removes the temp file of an entry a later one replaces', () => {
    const first = gnuTar({ 'var/lib/rpm/Packages': 'old' }, ['--format=gnu']);
    const second = gnuTar({ 'var/lib/rpm/Packages': 'new' }, ['--format=gnu']);
    const walk = createLayerWalk([scanner({ 'var/lib/rpm/Packages': 'file' })], LIMITS, spillDir);
    const parser = createTarParser(walk.onEntry);

    parser.push(first);
    const replaced = walk.entries.get('var/lib/rpm/Packages')?.file;
    parser.push(second);
    parser.end();

    const kept = walk.entries.get('var/lib/rpm/Packages')?.file;
    assert.ok(replaced !== undefined && kept !== undefined && replaced !== kept);
    assert.equal(existsSync(replaced), false);
    assert.equal(readFileSync(kept, 'utf8'), 'new');
    assert.deepEqual(readdirSync(spillDir), [kept.slice(spillDir.length + 1)]);
  });

  it('holds content over 64 MiB in a temp file even when asked as content', () => {
    const size = 64 * 2 ** 20 + 1;
    const tar = gnuTar({ 'huge.bin': Buffer.alloc(size, 0x61) }, ['--format=gnu']);

    const walk = walkTar(tar, [scanner({ 'huge.bin': 'content' })], spillDir);

    const huge = walk.entries.get('huge.bin');
    assert.equal(huge?.content, undefined);
    assert.ok(huge?.file !== undefined);
    assert.equal(statSync(huge.file).size, size);
  });

  it('accepts a layer at exactly max_entries entries with a file of exactly max_file_bytes', () => {
    const tar = gnuTar({ 'a/b.bin': 'x'.repeat(1300) }, ['--format=gnu']);
    const limits = { ...LIMITS, maxEntries: 3, maxFileBytes: 1300 };

    const walk = walkTar(tar, [scanner({ 'a/b.bin': 'content' })], spillDir, limits);

    assert.equal(walk.entries.get('a/b.bin')?.content?.length, 1300);
  });

  it('rejects a layer over max_entries, counting entries no scanner wants', () => {
    const tar = gnuTar(TREE, ['--format=gnu']);
    const limits = { ...LIMITS, maxEntries: 3 };

    assert.throws(
      () => walkTar(tar, [scanner({})], spillDir, limits),
      (err) => {
        assert.ok(err instanceof LayerLimitError);
        assert.equal(err.message, 'layer has more than 3 entries (indexer.layer_limits.max_entries)');
        return true;
      },
    );
  });

  it('rejects an entry over max_file_bytes, wanted or not', () => {
    const tar = gnuTar(TREE, ['--format=gnu']);
    const limits = { ...LIMITS, maxFileBytes: 1299 };

    assert.throws(
      () => walkTar(tar, [scanner({})], spillDir, limits),
      (err) => {
        assert.ok(err instanceof LayerLimitError);
        assert.equal(
          err.message,
          'layer entry "big.bin" is 1300 bytes, over indexer.layer_limits.max_file_bytes (1299)',
        );
        return true;
      },
    );
  });

  it('closes the temp file of an entry cut short when aborted', () => {
    const tar = gnuTar({ 'var/lib/rpm/Packages': 'p'.repeat(3000) }, ['--format=gnu']);
    const walk = createLayerWalk([scanner({ 'var/lib/rpm/Packages': 'file' })], LIMITS, spillDir);
    const parser = createTarParser(walk.onEntry);
    const packagesAt = tar.indexOf('./var/lib/rpm/Packages');
    parser.push(tar.subarray(0, packagesAt + 512 + 1000));
    assert.throws(() => parser.end(), /truncated/);
    const openBefore = openFilesUnder(spillDir).length;

    walk.abort();

    assert.equal(openBefore, 1);
    assert.deepEqual(openFilesUnder(spillDir), []);
  });
});
