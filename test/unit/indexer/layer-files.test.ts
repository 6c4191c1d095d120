import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULTS } from '../../../lib/config/defaults.ts';
import { type LayerEntry, layerFiles, regularFile } from '../../../lib/indexer/layer-files.ts';
import { createLayerWalk } from '../../../lib/indexer/layer-walk.ts';
import { createTarParser } from '../../../lib/indexer/tar/tar-parser.ts';
import { gnuTar } from './tar-build.ts';

const file = (path: string, text?: string): LayerEntry => ({
  path,
  type: 'file',
  size: text?.length ?? 0,
  linkTarget: '',
  ...(text === undefined ? {} : { content: Buffer.from(text) }),
});
const symlink = (path: string, linkTarget: string): LayerEntry => ({
  path,
  type: 'symlink',
  size: 0,
  linkTarget,
});
const hardlink = (path: string, linkTarget: string): LayerEntry => ({
  path,
  type: 'hardlink',
  size: 0,
  linkTarget,
});
const dir = (path: string): LayerEntry => ({ path, type: 'dir', size: 0, linkTarget: '' });

const filesOf = (...entries: LayerEntry[]) => layerFiles(new Map(entries.map((e) => [e.path, e])));

/** A chain of count symlinks, link0 -> link1 -> ... -> the file `end`. */
function chain(count: number): LayerEntry[] {
  const links = Array.from({ length: count }, (_, i) =>
    symlink(`link${i}`, i + 1 === count ? 'end' : `link${i + 1}`),
  );
  return [...links, file('end', 'reached')];
}

describe('layer files', () => {
  describe('entry', () => {
    it('answers the entry at a path without following links', () => {
      const files = filesOf(
        symlink('etc/os-release', '../usr/lib/os-release'),
        file('usr/lib/os-release', 'ID=x\n'),
      );

      assert.deepEqual(files.entry('etc/os-release'), symlink('etc/os-release', '../usr/lib/os-release'));
    });

    for (const path of ['/etc/os-release', './etc//os-release', 'etc/os-release/', 'usr/../etc/os-release']) {
      it(`normalises the path asked for: ${JSON.stringify(path)}`, () => {
        const files = filesOf(file('etc/os-release', 'ID=x\n'));

        assert.equal(files.entry(path)?.path, 'etc/os-release');
      });
    }
  });

  describe('resolve', () => {
    const cases: { name: string; entries: LayerEntry[]; path: string; want: string | undefined }[] = [
      {
        name: 'follows a relative symlink from the link’s folder',
        entries: [symlink('etc/os-release', '../usr/lib/os-release'), file('usr/lib/os-release')],
        path: 'etc/os-release',
        want: 'usr/lib/os-release',
      },
      {
        name: 'follows an absolute symlink from the layer root',
        entries: [symlink('etc/os-release', '/usr/lib/os-release'), file('usr/lib/os-release')],
        path: 'etc/os-release',
        want: 'usr/lib/os-release',
      },
      {
        name: 'follows a relative symlink at the layer root',
        entries: [symlink('os-release', 'usr/lib/os-release'), file('usr/lib/os-release')],
        path: 'os-release',
        want: 'usr/lib/os-release',
      },
      {
        name: 'follows a hard link, whose target is from the layer root',
        entries: [file('etc/hosts'), hardlink('etc/hosts2', './etc/hosts')],
        path: 'etc/hosts2',
        want: 'etc/hosts',
      },
      {
        name: 'follows a symlink to a hard link to a file',
        entries: [file('a/real'), hardlink('a/hard', 'a/real'), symlink('b/soft', '../a/hard')],
        path: 'b/soft',
        want: 'a/real',
      },
      {
        name: 'keeps a target that climbs above the root inside the layer',
        entries: [symlink('etc/passwd-link', '../../../../etc/passwd'), file('etc/passwd')],
        path: 'etc/passwd-link',
        want: 'etc/passwd',
      },
      {
        name: 'answers a folder a symlink points to',
        entries: [symlink('lib', 'usr/lib'), dir('usr/lib')],
        path: 'lib',
        want: 'usr/lib',
      },
      {
        name: 'answers a file that is not a link as it is',
        entries: [file('etc/hosts')],
        path: '/etc/hosts',
        want: 'etc/hosts',
      },
      {
        name: 'answers undefined for a dangling symlink',
        entries: [symlink('etc/os-release', '../usr/lib/os-release')],
        path: 'etc/os-release',
        want: undefined,
      },
      {
        name: 'answers undefined for a path the layer lacks',
        entries: [file('etc/hosts')],
        path: 'etc/passwd',
        want: undefined,
      },
      {
        name: 'answers undefined for a symlink cycle',
        entries: [symlink('a', 'b'), symlink('b', 'a')],
        path: 'a',
        want: undefined,
      },
      {
        name: 'answers undefined for a symlink to itself',
        entries: [symlink('etc/self', 'self')],
        path: 'etc/self',
        want: undefined,
      },
      // Linux follows at most 40 links in one lookup (MAXSYMLINKS); so does the indexer.
      { name: 'follows a chain of 39 links', entries: chain(39), path: 'link0', want: 'end' },
      { name: 'follows a chain of 40 links', entries: chain(40), path: 'link0', want: 'end' },
      { name: 'gives up on a chain of 41 links', entries: chain(41), path: 'link0', want: undefined },
    ];
    for (const { name, entries, path, want } of cases) {
      it(name, () => {
        assert.equal(filesOf(...entries).resolve(path)?.path, want);
      });
    }
  });

  describe('text', () => {
    let spillDir: string;
    before(() => {
      spillDir = mkdtempSync(join(tmpdir(), 'clairless-files-'));
    });
    after(() => {
      rmSync(spillDir, { recursive: true, force: true });
    });

    it('answers the text of content held in memory, following links', () => {
      const files = filesOf(
        symlink('etc/os-release', '../usr/lib/os-release'),
        file('usr/lib/os-release', 'ID=x\n'),
      );

      assert.equal(files.text('etc/os-release'), 'ID=x\n');
    });

    it('answers the text of content held in a temp file', () => {
      const spilled = join(spillDir, '1');
      writeFileSync(spilled, 'Package: bash\n');
      const files = filesOf({
        path: 'var/lib/dpkg/status',
        type: 'file',
        size: 14,
        linkTarget: '',
        file: spilled,
      });

      assert.equal(files.text('var/lib/dpkg/status'), 'Package: bash\n');
    });

    it('answers undefined for an entry kept without content, or missing', () => {
      const files = filesOf(file('etc/.wh.profile'));

      assert.equal(files.text('etc/.wh.profile'), undefined);
      assert.equal(files.text('etc/profile'), undefined);
    });
  });

  describe('regularFile', () => {
    const files = filesOf(
      file('app/a.json', '{}'),
      file('app/seen-only.json'),
      hardlink('app/b.json', 'app/a.json'),
      hardlink('app/c.json', 'store/not-collected'),
      hardlink('app/d.json', 'app/seen-only.json'),
      symlink('app/e.json', 'a.json'),
      dir('app/f.json'),
    );
    const cases: [string, string | undefined][] = [
      ['app/a.json', 'app/a.json'],
      ['app/b.json', 'app/a.json'],
      ['app/c.json', undefined],
      ['app/d.json', undefined],
      ['app/seen-only.json', undefined],
      ['app/e.json', undefined],
      ['app/f.json', undefined],
      ['app/absent.json', undefined],
    ];
    for (const [path, want] of cases) {
      it(`answers ${path} with ${want ?? 'nothing'}: a file with bytes, or a hard link to one`, () => {
        assert.equal(regularFile(files, path)?.path, want);
      });
    }
  });

  it('lists every path kept, in the order of the entries', () => {
    const files = filesOf(dir('etc'), file('etc/hosts'), symlink('lib', 'usr/lib'));

    assert.deepEqual([...files.paths()], ['etc', 'etc/hosts', 'lib']);
  });

  it('reads through the links of a layer GNU tar made', () => {
    const tar = gnuTar(
      {
        'etc/os-release': { symlink: '../usr/lib/os-release' },
        'usr/lib/os-release': 'ID=debian\n',
        'etc/hosts': 'hi\n',
        'etc/hosts2': { hardlink: 'etc/hosts' },
      },
      ['--format=gnu'],
    );
    const walk = createLayerWalk([{ wants: () => 'content' }], DEFAULTS.indexer.layerLimits, tmpdir());
    const parser = createTarParser(walk.onEntry);
    parser.push(tar);
    parser.end();

    const files = layerFiles(walk.entries);

    assert.equal(files.text('/etc/os-release'), 'ID=debian\n');
    assert.equal(files.text('etc/hosts2'), 'hi\n');
  });
});
