import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import { MAX_GEMSPEC_BYTES, rubyPackageScanner } from '../../../../lib/ecosystems/ruby/package-scanner.ts';
import {
  RUBYGEMS_REPOSITORY,
  rubyRepositoryScanner,
} from '../../../../lib/ecosystems/ruby/repository-scanner.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { gnuTar, type Tree } from '../../indexer/tar-build.ts';
import { buildOwnerDatabases, type OwnerDatabases } from '../rpm/owned-files-fixtures.ts';
import { ndbFile, rpmToolsInstalled, SKIP_MESSAGE } from '../rpm/rpmdb-fixtures.ts';

const scanners = [rubyPackageScanner, rubyRepositoryScanner];
const layers = tarLayers(scanners);
const SPECS = 'usr/local/bundle/specifications';

/** The head of a gemspec stub as RubyGems 3.3 writes it under specifications/ (rack 2.2.4's). */
const gemspec = (name: string, version: string): string =>
  [
    '# -*- encoding: utf-8 -*-',
    `# stub: ${name} ${version} ruby lib`,
    '',
    'Gem::Specification.new do |s|',
    `  s.name = "${name}".freeze`,
    `  s.version = "${version}"`,
    '',
    '  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=',
    '  s.require_paths = ["lib".freeze]',
    '  s.authors = ["Leah Neukirchen".freeze]',
    '  s.bindir = "bin".freeze',
    '  s.date = "2022-06-30"',
    '  s.required_ruby_version = Gem::Requirement.new(">= 2.3.0".freeze)',
    '  s.rubygems_version = "3.3.7".freeze',
    '  s.summary = "A modular Ruby webserver interface".freeze',
    'end',
    '',
  ].join('\n');

async function scan(tree: Tree) {
  const files = layers.of(gnuTar(tree));
  const { log, entries } = captureLog();
  const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(10_000), log };
  const packages = await rubyPackageScanner.scan(files, ctx);
  const repositories = await rubyRepositoryScanner.scan(files, ctx);
  return { files, packages, repositories, entries };
}

describe('ruby package scanner', () => {
  afterEach(() => layers.disposeAll());

  it("is claircore's ruby package scanner, version 4, with its repository scanner, version 2", () => {
    assert.deepEqual(
      [rubyPackageScanner, rubyRepositoryScanner].map((s) => [s.name, s.version, s.kind]),
      [
        ['ruby', '4', 'package'],
        ['ruby', '2', 'repository'],
      ],
    );
  });

  it('finds a gem, with the rubygems hint and the RubyGems repository, and no normalised version', async () => {
    const { packages, repositories } = await scan({
      [`${SPECS}/rack-2.2.4.gemspec`]: gemspec('rack', '2.2.4'),
    });
    assert.deepEqual(packages, [
      {
        name: 'rack',
        version: '2.2.4',
        arch: '',
        module: '',
        source: undefined,
        packageDb: `ruby:${SPECS}/rack-2.2.4.gemspec`,
        repositoryHint: 'rubygems',
        filepath: `${SPECS}/rack-2.2.4.gemspec`,
      },
    ]);
    assert.deepEqual(repositories, [
      { name: 'rubygems', key: '', uri: 'https://rubygems.org/gems/', cpe: '' },
    ]);
    assert.deepEqual(repositories, [RUBYGEMS_REPOSITORY]);
  });

  it('trims single quotes and .freeze alike, and reads spaces around the dot', async () => {
    const { packages } = await scan({
      [`${SPECS}/json-2.6.1.gemspec`]:
        "Gem::Specification.new do |spec|\n  spec. name = 'json'\n  spec.version = '2.6.1'.freeze\nend\n",
    });
    assert.deepEqual(
      packages.map((p) => [p.name, p.version]),
      [['json', '2.6.1']],
    );
  });

  it('reads only .gemspec files in a specifications folder, no whiteouts or symlinks', async () => {
    const { packages } = await scan({
      [`${SPECS}/rack-2.2.4.gemspec`]: gemspec('rack', '2.2.4'),
      'usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec': gemspec('json', '2.6.1'),
      [`${SPECS}/.wh.rake-13.0.6.gemspec`]: gemspec('rake', '13.0.6'),
      [`${SPECS}/link-1.0.gemspec`]: { symlink: 'rack-2.2.4.gemspec' },
      'usr/local/bundle/gems/rack-2.2.4/rack.gemspec': gemspec('rack', '2.2.4'),
      'usr/local/bundle/specs/thor-1.2.1.gemspec': gemspec('thor', '1.2.1'),
    });
    assert.deepEqual(
      packages.map((p) => p.filepath),
      ['usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec', `${SPECS}/rack-2.2.4.gemspec`],
    );
  });

  it('reports no repository for a layer without gemspecs', async () => {
    const { packages, repositories } = await scan({ 'etc/hostname': 'x\n' });
    assert.deepEqual([packages, repositories], [[], []]);
  });

  it('skips a gemspec without a name or version line with a log line and keeps the rest', async () => {
    const { packages, entries } = await scan({
      [`${SPECS}/noname-1.0.gemspec`]: 'Gem::Specification.new do |s|\n  s.version = "1.0"\nend\n',
      [`${SPECS}/noversion-1.0.gemspec`]: 'Gem::Specification.new do |s|\n  s.name = "noversion"\nend\n',
      [`${SPECS}/good-1.0.gemspec`]: gemspec('good', '1.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['good'],
    );
    const skips = entries.filter((e) => e.msg === 'ruby gemspec skipped').map((e) => e.path);
    assert.deepEqual(skips.sort(), [`${SPECS}/noname-1.0.gemspec`, `${SPECS}/noversion-1.0.gemspec`]);
  });

  it('reports no repository for a layer whose gemspecs are all malformed', async () => {
    const { packages, repositories, entries } = await scan({
      [`${SPECS}/noname-1.0.gemspec`]: 'Gem::Specification.new do |s|\n  s.version = "1.0"\nend\n',
      [`${SPECS}/empty-1.0.gemspec`]: '',
    });
    assert.deepEqual([packages, repositories], [[], []]);
    assert.equal(entries.filter((e) => e.msg === 'ruby gemspec skipped').length, 2);
  });

  it('skips, unread, a gemspec over 4 MiB with a warning naming its size, and keeps the rest', async () => {
    const head = gemspec('huge', '1.0');
    const huge = `${head}#${'x'.repeat(MAX_GEMSPEC_BYTES - head.length - 1)}\n`;
    const { packages, entries } = await scan({
      [`${SPECS}/huge-1.0.gemspec`]: huge,
      [`${SPECS}/small-1.0.gemspec`]: gemspec('small', '1.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['small'],
    );
    assert.deepEqual(
      entries.map((e) => [e.msg, e.path, e.reason]),
      [
        [
          'ruby gemspec skipped',
          `${SPECS}/huge-1.0.gemspec`,
          `${MAX_GEMSPEC_BYTES + 1} bytes: larger than ${MAX_GEMSPEC_BYTES}`,
        ],
      ],
    );
  });

  it('reads a hard-linked gemspec as the file it names, when that file is collected', async () => {
    const DEFAULT = 'usr/lib/ruby/gems/3.1.0/specifications';
    const { files, packages, entries } = await scan({
      // Sorted after usr/lib, so the tar holds these names as hard links to the files before them.
      [`${DEFAULT}/rack-2.2.4.gemspec`]: gemspec('rack', '2.2.4'),
      [`${SPECS}/rack-2.2.4.gemspec`]: { hardlink: `${DEFAULT}/rack-2.2.4.gemspec` },
      'opt/store/f00d': gemspec('stored', '1.0'),
      [`${SPECS}/stored-1.0.gemspec`]: { hardlink: 'opt/store/f00d' },
    });
    assert.equal(files.entry(`${SPECS}/rack-2.2.4.gemspec`)?.type, 'hardlink');
    assert.equal(files.entry(`${SPECS}/stored-1.0.gemspec`)?.type, 'hardlink');
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.filepath]),
      [
        ['rack', '2.2.4', `${DEFAULT}/rack-2.2.4.gemspec`],
        ['rack', '2.2.4', `${SPECS}/rack-2.2.4.gemspec`],
      ],
    );
    assert.deepEqual(entries, []);
  });

  it('reads a gemspec whose stub line holds NUL bytes, as RubyGems writes for two require paths', async () => {
    const json = gemspec('json', '2.6.1').replace(
      '# stub: json 2.6.1 ruby lib',
      '# stub: json 2.6.1 ruby lib\0lib/json/ext',
    );
    const { packages, entries } = await scan({ [`${SPECS}/json-2.6.1.gemspec`]: json });
    assert.deepEqual(
      packages.map((p) => [p.name, p.version]),
      [['json', '2.6.1']],
    );
    assert.deepEqual(entries, []);
  });
});

describe('ruby package scanner, with the files rpm packages own', () => {
  const skip = rpmToolsInstalled() ? false : SKIP_MESSAGE;
  // clairless-owner owns bar's gemspec (testdata/owned-files/clairless-owner.spec).
  const GEMS = 'usr/share/gems/specifications';
  const BAR = `${GEMS}/bar-1.0.gemspec`;
  const RACK = `${GEMS}/rack-2.2.4.gemspec`;
  let dbs: OwnerDatabases | undefined;
  before(() => {
    if (!skip) dbs = buildOwnerDatabases();
  });
  after(() => dbs?.cleanup());
  afterEach(() => layers.disposeAll());

  it('wants every rpm database on disk', () => {
    for (const path of [
      'var/lib/rpm/rpmdb.sqlite',
      'var/lib/rpm/Packages',
      'usr/lib/sysimage/rpm/Packages.db',
    ]) {
      assert.equal(rubyPackageScanner.wants(path, 'file'), 'file', path);
    }
  });

  for (const kind of ['sqlite', 'bdb'] as const) {
    it(`skips a gemspec an rpm package of the layer owns (${kind} database), and reports it in a layer without the database`, {
      skip,
    }, async () => {
      const name = kind === 'sqlite' ? 'rpmdb.sqlite' : 'Packages';
      const db = readFileSync((dbs as OwnerDatabases)[kind]);
      const specs = { [BAR]: gemspec('bar', '1.0'), [RACK]: gemspec('rack', '2.2.4') };
      const owned = await scan({ [`var/lib/rpm/${name}`]: db, ...specs });
      assert.deepEqual(
        owned.packages.map((p) => p.filepath),
        [RACK],
      );
      const unowned = await scan(specs);
      assert.deepEqual(
        unowned.packages.map((p) => p.filepath),
        [BAR, RACK],
      );
    });
  }

  it('reports no repository when every gemspec of the layer is owned by an rpm package', {
    skip,
  }, async () => {
    const { packages, repositories } = await scan({
      'var/lib/rpm/rpmdb.sqlite': readFileSync((dbs as OwnerDatabases).sqlite),
      [BAR]: gemspec('bar', '1.0'),
    });
    assert.deepEqual([packages, repositories], [[], []]);
  });

  it('reads every gem of a layer whose rpm database is broken, warning once', async () => {
    const { packages, entries } = await scan({
      'var/lib/rpm/Packages.db': ndbFile([Buffer.from('garbage')]),
      [BAR]: gemspec('bar', '1.0'),
    });
    assert.deepEqual(
      packages.map((p) => p.filepath),
      [BAR],
    );
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn').map((e) => e.msg),
      ['rpm file ownership skipped'],
    );
  });
});
