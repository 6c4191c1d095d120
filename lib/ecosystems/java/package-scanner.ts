import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { InvalidInputError } from '../../errors.ts';
import type { LayerEntry, LayerFiles } from '../../indexer/layer-files.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { rpmOwnedFiles, wantsRpmDatabase } from '../rpm/owned-files.ts';
import { isArchiveName, type JarArtifact, MIN_ARCHIVE_BYTES, readJar } from './jar.ts';
import type { Coordinates } from './manifest.ts';
import { mavenLookup, mavenSearchSettings } from './maven-search.ts';
import { openZipBuffer, openZipFile, type ZipArchive } from './zip-archive.ts';

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
  version: '8',
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
    for (const path of await javaArchives(files, ctx)) {
      ctx?.signal.throwIfAborted();
      const artifacts = await scanArchive(files.entry(path), path, ctx);
      for (const a of artifacts) packages.push(toPackage(lookup ? await searched(a, lookup) : a, path));
    }
    return sortPackages(packages);
  },
};

function isCandidate(path: string): boolean {
  return !posix.basename(path).startsWith('.wh.') && isArchiveName(path);
}

/**
 * The layer's files that may be Java archives: by name, no smaller than an empty zip, and owned
 * by no rpm package of the layer.
 */
export async function javaArchives(files: LayerFiles, ctx?: ScanContext): Promise<string[]> {
  const owned = await rpmOwnedFiles(files, ctx);
  return [...files.paths()].filter((p) => {
    const entry = files.entry(p);
    return isCandidate(p) && entry?.type === 'file' && entry.size >= MIN_ARCHIVE_BYTES && !owned.has(p);
  });
}

async function scanArchive(
  entry: LayerEntry | undefined,
  path: string,
  ctx: ScanContext | undefined,
): Promise<JarArtifact[]> {
  let zip: ZipArchive | undefined;
  try {
    if (entry?.file !== undefined) zip = await openZipFile(entry.file);
    else if (entry?.content !== undefined) zip = await openZipBuffer(entry.content);
    else return [];
    const sha1 = await sha1Of(entry);
    return await readJar(zip, path, sha1, ctx?.log);
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

async function sha1Of(entry: LayerEntry): Promise<string> {
  const hash = createHash('sha1');
  if (entry.file === undefined) return hash.update(entry.content ?? Buffer.alloc(0)).digest('hex');
  for await (const chunk of createReadStream(entry.file, { highWaterMark: 2 ** 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
