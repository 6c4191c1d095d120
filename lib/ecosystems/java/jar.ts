// One Java archive (jar, war, ear, Jenkins plugin) to the artifacts it holds, as claircore's
// jar.Parse: pom.properties, else the manifest, else the file name; then every nested archive.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { InvalidInputError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { type Coordinates, manifestCoordinates } from './manifest.ts';
import { pomCoordinates } from './pom-properties.ts';
import { openZipBuffer, type ZipArchive, type ZipMember } from './zip-archive.ts';

/** Where an artifact's name and version came from: pom.properties, the manifest or the file name. */
export type JarSource = 'maven' | 'jar' | 'file';

export type JarArtifact = Coordinates & {
  readonly source: JarSource;
  /**
   * The archive it was found in: the outer path, then each nested member, joined by `:`. (claircore
   * gives a nested archive known only by its file name the outer path alone.)
   */
  readonly archive: string;
  /** SHA-1 (hex) of that archive. (claircore gives archives two or more levels down their first-level ancestor's.) */
  readonly sha1: string;
};

export type JarLimits = {
  /** Archives inside archives are read down to this many levels. */
  readonly maxDepth: number;
  /** Nested archives are held in memory: at most this many bytes along one chain. */
  readonly maxNestedBytes: number;
};

export const DEFAULT_JAR_LIMITS: JarLimits = { maxDepth: 8, maxNestedBytes: 256 * 2 ** 20 };

/** The smallest zip there is (an empty one); anything shorter is no archive. */
export const MIN_ARCHIVE_BYTES = 22;
// Manifests and pom.properties are a few KiB; more is not metadata.
const MAX_METADATA_BYTES = 4 * 2 ** 20;
const ARCHIVE_EXTENSIONS = new Set(['.jar', '.war', '.ear', '.jpi', '.hpi']);
const FILE_NAME = /([!-~]+)-([0-9][-.0-9A-Za-z]*(?:-SNAPSHOT)?)\.jar/;

/** An archive that is a zip but cannot be shown to be a jar (no META-INF, no manifest). */
export class NotAJarError extends InvalidInputError {
  override name = 'NotAJarError';
}

export function isArchiveName(path: string): boolean {
  return ARCHIVE_EXTENSIONS.has(posix.extname(path));
}

type Severity = 'warn' | 'debug';
type Walk = { readonly limits: JarLimits; readonly log: Logger | undefined };
type Level = { readonly chain: readonly string[]; readonly sha1: string; readonly heldBytes: number };

/**
 * The artifacts of the archive at path (whose SHA-1 is sha1) and of the archives inside it.
 * Throws NotAJarError, or InvalidInputError when a member cannot be read; a nested archive that
 * fails is passed over (logged), so its parent's other artifacts are still reported.
 */
export async function readJar(
  zip: ZipArchive,
  path: string,
  sha1: string,
  log?: Logger,
  limits: JarLimits = DEFAULT_JAR_LIMITS,
): Promise<JarArtifact[]> {
  return readLevel(zip, { chain: [path], sha1, heldBytes: 0 }, { limits, log });
}

async function readLevel(zip: ZipArchive, level: Level, walk: Walk): Promise<JarArtifact[]> {
  const own = await identify(zip, level);
  const nested = await readNested(zip, level, walk);
  return [...own, ...nested];
}

async function identify(zip: ZipArchive, level: Level): Promise<JarArtifact[]> {
  const archive = level.chain.join(':');
  const at = (source: JarSource, c: Coordinates): JarArtifact => ({
    ...c,
    source,
    archive,
    sha1: level.sha1,
  });
  // claircore lets javax archives (API jars often lack metadata) fall through to their name.
  const lenient = posix.basename(level.chain.at(-1) ?? '').startsWith('javax');
  const files = zip.members.filter((m) => !m.isDirectory);
  if (!zip.members.some((m) => m.name === 'META-INF' || m.name.startsWith('META-INF/'))) {
    if (!lenient) throw new NotAJarError('no META-INF folder');
  } else {
    const poms = files.filter((m) => posix.basename(m.name) === 'pom.properties');
    const found: (Coordinates | undefined)[] = [];
    for (const pom of poms) found.push(pomCoordinates(await readText(zip, pom)));
    if (found.length > 0 && found.every((c) => c !== undefined)) return found.map((c) => at('maven', c));
  }
  const manifest = files.find((m) => m.name === 'META-INF/MANIFEST.MF');
  if (manifest === undefined) {
    if (!lenient) throw new NotAJarError('no META-INF/MANIFEST.MF');
  } else {
    const found = manifestCoordinates(await readText(zip, manifest));
    if (found !== undefined) return [at('jar', found)];
  }
  const named = FILE_NAME.exec(posix.basename(level.chain.at(-1) ?? ''));
  if (named?.[1] !== undefined && named[2] !== undefined)
    return [at('file', { name: named[1], version: named[2] })];
  return [];
}

async function readNested(zip: ZipArchive, level: Level, walk: Walk): Promise<JarArtifact[]> {
  const out: JarArtifact[] = [];
  for (const member of zip.members) {
    if (member.isDirectory || !isArchiveName(member.name) || member.size < MIN_ARCHIVE_BYTES) continue;
    const chain = [...level.chain, member.name];
    const skip = (reason: string, severity: Severity = 'warn'): void =>
      walk.log?.[severity]('java nested archive skipped', { archive: chain.join(':'), reason });
    if (chain.length - 1 > walk.limits.maxDepth) {
      skip(`nested deeper than ${walk.limits.maxDepth} archives`);
      continue;
    }
    const budget = walk.limits.maxNestedBytes - level.heldBytes;
    let bytes: Buffer;
    try {
      bytes = await zip.read(member, budget);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      skip(err.message);
      continue;
    }
    out.push(
      ...(await readNestedArchive(
        bytes,
        { chain, sha1: sha1Of(bytes), heldBytes: level.heldBytes + bytes.length },
        walk,
        skip,
      )),
    );
  }
  return out;
}

async function readNestedArchive(
  bytes: Buffer,
  level: Level,
  walk: Walk,
  skip: (reason: string, severity?: Severity) => void,
): Promise<JarArtifact[]> {
  let inner: ZipArchive;
  try {
    inner = await openZipBuffer(bytes);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    // As claircore: a member named like an archive that is no zip is common (test resources).
    skip(`not a zip: ${err.message}`, 'debug');
    return [];
  }
  try {
    return await readLevel(inner, level, walk);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    skip(err.message, err instanceof NotAJarError ? 'debug' : 'warn');
    return [];
  } finally {
    inner.close();
  }
}

async function readText(zip: ZipArchive, member: ZipMember): Promise<string> {
  return (await zip.read(member, MAX_METADATA_BYTES)).toString('utf8');
}

function sha1Of(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
