import { basename } from 'node:path';
import type { LayerFiles } from '../../indexer/layer-files.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { normalizeSemver, parseSemver } from '../../versions/semver.ts';

/** The repository name every package found is hinted with, as the nodejs matcher's filter reads it. */
export const NPM = 'npm';

/**
 * Installed npm packages: each `package.json` under a `node_modules/` folder, its name and
 * version. The normalised version is set when the version reads as a semantic version, as
 * claircore's FromSemver. claircore also drops files listed in the rpm database; this scanner
 * does not read rpm databases.
 */
export const nodejsPackageScanner: PackageScanner = {
  name: 'nodejs',
  version: '3',
  kind: 'package',
  wants(path, type) {
    return type === 'file' && isCandidate(path) ? 'content' : 'none';
  },
  async scan(files, ctx) {
    return sortPackages(packageJsonFiles(files).flatMap((path) => readPackageJson(files, path, ctx) ?? []));
  },
};

function isCandidate(path: string): boolean {
  return (
    !basename(path).startsWith('.wh.') && path.includes('node_modules/') && path.endsWith('/package.json')
  );
}

/** The layer's package.json files the scanner reads. */
export function packageJsonFiles(files: LayerFiles): string[] {
  return [...files.paths()].filter((p) => isCandidate(p) && files.entry(p)?.type === 'file');
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
  const text = files.text(path);
  if (text === undefined) return skip('not collected');
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
