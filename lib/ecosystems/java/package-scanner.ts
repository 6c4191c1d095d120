import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles } from '../../indexer/layer-files.ts';
import { oncePerLayer } from '../../indexer/once-per-layer.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { rpmOwnedFiles, wantsRpmDatabase } from '../rpm/owned-files.ts';
import { isArchiveName, type JarArtifact, jarMembers, MIN_ARCHIVE_BYTES, readJar } from './jar.ts';
import type { Coordinates } from './manifest.ts';
import { mavenLookup, mavenSearchSettings } from './maven-search.ts';
import { openZipFile, type ZipArchive } from './zip-archive.ts';

/**
 * Java archives (jar, war, ear and Jenkins' jpi and hpi) and the archives nested in them, named
 * by their pom.properties, else their manifest, else their file name, as claircore does. Archives
 * are read from disk one member at a time; one that is no zip or no jar is skipped with a
 * warning. An archive an rpm package of the same layer owns is left out, as in claircore.
 * claircore asks Maven Central about archives no pom.properties names, by SHA-1; here that search
 * is opt-in (`indexer.scanner.package.java.api`), so by default the scan never leaves the layer.
 */
export const javaPackageScanner: PackageScanner = {
  name: 'java',
  version: '9',
  kind: 'package',
  wants(path, type) {
    if (wantsRpmDatabase(path, type) === 'file') return 'file';
    return type === 'file' && isCandidate(path) ? 'file' : 'none';
  },
  checkConfig: (config) => void mavenSearchSettings(config),
  async scan(files, ctx) {
    const search = ctx === undefined ? undefined : mavenSearchSettings(ctx.config);
    const lookup = search && ctx && mavenLookup(search, ctx.signal, ctx.log);
    const packages: ScannedPackage[] = [];
    for (const { path, artifacts } of await javaArtifacts(files, ctx)) {
      for (const a of artifacts) packages.push(toPackage(lookup ? await searched(a, lookup) : a, path));
    }
    return sortPackages(packages);
  },
};

export type ArchiveArtifacts = { readonly path: string; readonly artifacts: readonly JarArtifact[] };

/**
 * The artifacts of each of the layer's Java archives, read once per layer for the package and
 * repository scanners; the opt-in search, which only renames them, is left to the package scanner.
 */
export const javaArtifacts = oncePerLayer(readArchives);

async function readArchives(files: LayerFiles, ctx?: ScanContext): Promise<readonly ArchiveArtifacts[]> {
  const owned = await rpmOwnedFiles(files, ctx);
  const out: ArchiveArtifacts[] = [];
  for (const path of files.paths()) {
    const entry = files.entry(path);
    if (!isCandidate(path) || entry?.file === undefined || entry.size < MIN_ARCHIVE_BYTES || owned.has(path))
      continue;
    ctx?.signal.throwIfAborted();
    const artifacts = await scanArchive(entry.file, path, ctx);
    if (artifacts.length > 0) out.push({ path, artifacts });
  }
  return out;
}

function isCandidate(path: string): boolean {
  return !posix.basename(path).startsWith('.wh.') && isArchiveName(path);
}

async function scanArchive(file: string, path: string, ctx: ScanContext | undefined): Promise<JarArtifact[]> {
  let zip: ZipArchive | undefined;
  try {
    zip = await openZipFile(file, jarMembers());
    return await readJar(zip, path, await sha1Of(file), { log: ctx?.log, signal: ctx?.signal });
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    ctx?.log.warn('java archive skipped', { path, reason: err.message });
    return [];
  } finally {
    zip?.close();
  }
}

/** The artifact as the search API names it by its SHA-1, when pom.properties did not name it. */
async function searched(
  artifact: JarArtifact,
  lookup: (sha1: string) => Promise<Coordinates | undefined>,
): Promise<JarArtifact> {
  if (artifact.source === 'maven') return artifact;
  const found = await lookup(artifact.sha1);
  return found === undefined ? artifact : { ...artifact, ...found, source: 'maven' };
}

function toPackage(artifact: JarArtifact, path: string): ScannedPackage {
  return {
    name: artifact.name,
    version: artifact.version,
    kind: 'binary',
    arch: '',
    module: '',
    source: undefined,
    packageDb: `${artifact.source}:${artifact.archive}`,
    repositoryHint: `sha1:${artifact.sha1}`,
    filepath: path,
  };
}

async function sha1Of(file: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(file, { highWaterMark: 2 ** 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
