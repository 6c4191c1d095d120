// Real data: the gemspecs RubyGems on this machine knows (Debian's ruby ships its default gems'
// and bundled gems' specs, ruby-* packages theirs under rubygems-integration), as one layer, read
// by the ruby scanner and checked against RubyGems' own Gem::Specification.load of each file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rubyPackageScanner } from '../../../lib/ecosystems/ruby/package-scanner.ts';
import { captureLog } from '../../helpers/log.ts';
import { tarLayers } from '../../helpers/tar-layer.ts';
import { gnuTar } from '../../unit/indexer/tar-build.ts';

// Every folder RubyGems reads specs from, the default gems' included.
const SPEC_DIRS_RB = 'puts Gem::Specification.dirs, Gem.default_specifications_dir';

// Each gemspec path read from stdin, as RubyGems loads it: [path, name, version].
const LOAD_RB = `
require "json"
puts JSON.generate($stdin.each_line(chomp: true).map { |path|
  spec = Gem::Specification.load(path)
  [path, spec&.name, spec&.version&.to_s]
})
`;

const ruby = spawnSync('ruby', ['-e', SPEC_DIRS_RB], { encoding: 'utf8' });
const found =
  ruby.status === 0
    ? ruby.stdout
        .split('\n')
        .filter((dir) => dir !== '' && existsSync(dir))
        .flatMap((dir) =>
          readdirSync(dir)
            .filter((f) => f.endsWith('.gemspec'))
            .map((f) => join(dir, f)),
        )
    : [];
// Some hold NUL bytes: RubyGems joins a stub line's extensions or require paths with them (json's, digest's).
const gemspecs = new Map(found.map((path) => [path, readFileSync(path)] as const));
const SKIP =
  ruby.status !== 0
    ? 'ruby not found: apt-get install ruby to run this test'
    : gemspecs.size === 0
      ? 'RubyGems knows no gemspec here: apt-get install ruby to run this test'
      : false;

const byPath = (a: readonly unknown[], b: readonly unknown[]): number =>
  String(a[2]).localeCompare(String(b[2]));

describe('a layer of the gemspecs RubyGems knows', { skip: SKIP }, () => {
  const layers = tarLayers([rubyPackageScanner]);
  after(() => layers.disposeAll());

  it('lists every gem at the name and version RubyGems loads from its gemspec', async () => {
    const loaded = JSON.parse(
      execFileSync('ruby', ['-e', LOAD_RB], { input: [...gemspecs.keys()].join('\n'), encoding: 'utf8' }),
    ) as [string, string | null, string | null][];
    const want = loaded.map(([path, name, version]) => [name, version, path.slice(1)]);
    const tree = Object.fromEntries([...gemspecs].map(([path, bytes]) => [path.slice(1), bytes]));
    const { log, entries } = captureLog();
    const packages = await rubyPackageScanner.scan(layers.of(gnuTar(tree)), {
      config: {},
      signal: AbortSignal.timeout(10_000),
      log,
    });
    const got = packages.map((p) => [p.name, p.version, p.filepath]);
    assert.deepEqual(got.sort(byPath), want.sort(byPath));
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn'),
      [],
    );
    // claircore's pattern .*/specifications/.+\.gemspec is unanchored, so default gems count too.
    assert.ok(
      got.some(([, , path]) => String(path).includes('/specifications/default/')),
      'no default gem specs: Debian ruby ships them in specifications/default',
    );
  });
});
