import { basename } from 'node:path';
import { InvalidInputError } from '../../errors.ts';
import { boundedText, type LayerFiles, regularFile } from '../../indexer/layer-files.ts';
import { oncePerLayer } from '../../indexer/once-per-layer.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { normalizeSemver, parseSemver } from '../../versions/semver.ts';
import { rpmOwnedFiles, wantsRpmDatabase } from '../rpm/owned-files.ts';
import { parseLockfile } from './lockfile.ts';
import { isLockfile, isPackageJson, lockfileFolder, SHRINKWRAP, treeFolder } from './npm-paths.ts';

/** The repository name every package found is hinted with, as the nodejs matcher's filter reads it. */
export const NPM = 'npm';

/** A package.json larger than this is not read: npm's own are a few KiB. */
export const MAX_PACKAGE_JSON_BYTES = 4 * 2 ** 20;
/**
 * A lockfile larger than this is not parsed: its JSON tree takes many times its size (some 35
 * times for arrays of empty arrays), and a lockfile of 20,000 packages (about 400 bytes each)
 * still fits.
 */
export const MAX_LOCKFILE_BYTES = 8 * 2 ** 20;

/**
 * Installed npm packages: each `package.json` under a `node_modules/` folder, its name and
 * version, as claircore's nodejs scanner. Unlike claircore, a project folder's lockfile (its
 * shrinkwrap, else its package-lock.json) stands in for its `node_modules/` when the layer has
 * none, each locked package reported against the lockfile (nodejsCoalescer drops them when another
 * layer has it). The normalised version is set when the version reads as a semantic version, as
 * claircore's FromSemver. A package.json an rpm package of the same layer owns is left out, as in
 * claircore. A hard link is read as the file it names, when that file is collected too.
 */
export const nodejsPackageScanner: PackageScanner = {
  name: 'nodejs',
  version: '4',
  kind: 'package',
  wants(path, type) {
    if (wantsRpmDatabase(path, type) === 'file') return 'file';
    if (!isPackageJson(path) && !isLockfile(path)) return 'none';
    // A hard link is the file it names, collected when its own name is a candidate too.
    return type === 'file' ? 'content' : type === 'hardlink' ? 'presence' : 'none';
  },
  async scan(files, ctx) {
    return [...(await nodejsPackages(files, ctx))];
  },
};

/** The layer's npm packages, read once per layer for the package and repository scanners. */
export const nodejsPackages = oncePerLayer(async (files, ctx): Promise<readonly ScannedPackage[]> => {
  const { packageJsons, lockfiles } = await npmFiles(files, ctx);
  return sortPackages([
    ...packageJsons.flatMap((path) => readPackageJson(files, path, ctx) ?? []),
    ...lockfiles.flatMap((path) => readLockfile(files, path, ctx)),
  ]);
});

/** The files of the layer the scanner reads. */
type NpmFiles = { readonly packageJsons: string[]; readonly lockfiles: string[] };

/**
 * The layer's package.json files under node_modules that no rpm package of the layer owns, and
 * the lockfiles of the project folders with no package.json under their own `node_modules/`:
 * where the tree is installed, it wins.
 */
async function npmFiles(files: LayerFiles, ctx?: ScanContext): Promise<NpmFiles> {
  const owned = await rpmOwnedFiles(files, ctx);
  const regular = [...files.paths()].filter((p) => regularFile(files, p) !== undefined);
  const tree = regular.filter(isPackageJson);
  const installed = new Set(tree.flatMap((p) => treeFolder(p) ?? []));
  const candidates = new Set(regular.filter(isLockfile));
  const lockfiles = [...candidates].filter((path) => {
    if (installed.has(lockfileFolder(path))) return false;
    return basename(path) === SHRINKWRAP || !candidates.has(path.replace(/[^/]+$/, SHRINKWRAP));
  });
  return { packageJsons: tree.filter((p) => !owned.has(p)), lockfiles };
}

function readPackageJson(
  files: LayerFiles,
  path: string,
  ctx: ScanContext | undefined,
): ScannedPackage | undefined {
  const skip = (reason: string): undefined => {
    ctx?.log.warn('nodejs package.json skipped', { path, reason });
    return undefined;
  };
  const read = boundedText(files, path, MAX_PACKAGE_JSON_BYTES);
  if ('reason' in read) return skip(read.reason);
  const { text } = read;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return skip(`not JSON: ${(err as Error).message}`);
  }
  const { name, version } = (json ?? {}) as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') {
    return skip('no name or version');
  }
  return npmPackage(name, version, path);
}

function readLockfile(files: LayerFiles, path: string, ctx: ScanContext | undefined): ScannedPackage[] {
  const skip = (reason: string): [] => {
    ctx?.log.warn('nodejs lockfile skipped', { path, reason });
    return [];
  };
  const read = boundedText(files, path, MAX_LOCKFILE_BYTES);
  if ('reason' in read) return skip(read.reason);
  const { text } = read;
  try {
    return parseLockfile(text).map((p) => npmPackage(p.name, p.version, path));
  } catch (err) {
    if (err instanceof InvalidInputError) return skip(err.message);
    throw err;
  }
}

/** A package found in a package.json or a lockfile at path. */
function npmPackage(name: string, version: string, path: string): ScannedPackage {
  const semver = parseSemver(version);
  return {
    name,
    version,
    arch: '',
    module: '',
    normalizedVersion: semver === undefined ? undefined : { kind: 'semver', v: normalizeSemver(semver) },
    source: undefined,
    packageDb: `nodejs:${path}`,
    repositoryHint: NPM,
    filepath: path,
  };
}
