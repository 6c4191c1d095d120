import { basename } from 'node:path';
import { boundedText, type LayerFiles, regularFile } from '../../indexer/layer-files.ts';
import { oncePerLayer } from '../../indexer/once-per-layer.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { rpmOwnedFiles, wantsRpmDatabase } from '../rpm/owned-files.ts';

/** The repository name every gem found is hinted with, as the ruby matcher's records name it. */
export const RUBYGEMS = 'rubygems';

// Unanchored, as claircore matches it: anywhere in the path.
const GEMSPEC = /.*\/specifications\/.+\.gemspec/;
const NAME_LINE = /^\S+\.\s*name\s*=\s*(\S+)$/;
const VERSION_LINE = /^\S+\.\s*version\s*=\s*(\S+)$/;
/** A gemspec larger than this is not read: RubyGems' stubs are a few KiB. */
export const MAX_GEMSPEC_BYTES = 4 * 2 ** 20;

/**
 * Installed gems, read from the gemspec stubs RubyGems writes under `specifications/`: the
 * `s.name = …` and `s.version = …` lines. As claircore, no normalised version is set, and a
 * gemspec an rpm package of the same layer owns is left out. A hard link is read as the file it
 * names.
 */
export const rubyPackageScanner: PackageScanner = {
  name: 'ruby',
  version: '4',
  kind: 'package',
  wants(path, type) {
    if (wantsRpmDatabase(path, type) === 'file') return 'file';
    if (!isCandidate(path)) return 'none';
    // A hard link is the file it names, collected when its own name is a candidate too.
    return type === 'file' ? 'content' : type === 'hardlink' ? 'presence' : 'none';
  },
  async scan(files, ctx) {
    return [...(await rubyPackages(files, ctx))];
  },
};

/** The layer's gems, read once per layer for the package and repository scanners. */
export const rubyPackages = oncePerLayer(
  async (files, ctx): Promise<readonly ScannedPackage[]> =>
    sortPackages((await gemspecFiles(files, ctx)).flatMap((path) => readGemspec(files, path, ctx) ?? [])),
);

function isCandidate(path: string): boolean {
  return !basename(path).startsWith('.wh.') && GEMSPEC.test(path);
}

/** The layer's gemspec files the scanner reads: those no rpm package of the layer owns. */
async function gemspecFiles(files: LayerFiles, ctx?: ScanContext): Promise<string[]> {
  const owned = await rpmOwnedFiles(files, ctx);
  return [...files.paths()].filter(
    (p) => isCandidate(p) && regularFile(files, p) !== undefined && !owned.has(p),
  );
}

function readGemspec(
  files: LayerFiles,
  path: string,
  ctx: ScanContext | undefined,
): ScannedPackage | undefined {
  const skip = (reason: string): undefined => {
    ctx?.log.warn('ruby gemspec skipped', { path, reason });
    return undefined;
  };
  const read = boundedText(files, path, MAX_GEMSPEC_BYTES);
  if ('reason' in read) return skip(read.reason);
  const { text } = read;
  // No binary check: RubyGems itself writes NUL bytes into a gemspec's `# stub:` comment line.
  let name = '';
  let version = '';
  // The last matching line wins, as in claircore.
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const n = NAME_LINE.exec(line)?.[1];
    if (n !== undefined) name = unquote(n);
    const v = VERSION_LINE.exec(line)?.[1];
    if (v !== undefined) version = unquote(v);
  }
  if (name === '' || version === '') return skip('no name or version line');
  return {
    name,
    version,
    arch: '',
    module: '',
    source: undefined,
    packageDb: `ruby:${path}`,
    repositoryHint: RUBYGEMS,
    filepath: path,
  };
}

/** A Ruby string literal's text: `"rack".freeze` -> rack. */
function unquote(literal: string): string {
  const s = literal.trim();
  const bare = s.endsWith('.freeze') ? s.slice(0, -'.freeze'.length) : s;
  return bare.replace(/^['"]+|['"]+$/g, '');
}
