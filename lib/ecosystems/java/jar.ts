// One Java archive (jar, war, ear, Jenkins plugin) to the artifacts it holds, as claircore's
// jar.Parse: pom.properties, else the manifest, else the file name; then every nested archive.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { InvalidInputError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { fileNameCoordinates } from './file-name.ts';
import { type Coordinates, manifestCoordinates } from './manifest.ts';
import { pomCoordinates } from './pom-properties.ts';
import {
  ArchiveLimitError,
  type MemberSelect,
  openZipBuffer,
  type ZipArchive,
  type ZipMember,
} from './zip-archive.ts';

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
  /** Bytes inflated from the members of one top-level archive and all it holds. */
  readonly maxInflatedBytes: number;
  /** Archives opened inside one top-level archive (also the most one archive may list). */
  readonly maxNestedArchives: number;
  /** Artifacts one top-level archive may report. */
  readonly maxArtifacts: number;
  /** pom.properties files one archive may hold. */
  readonly maxPomFiles: number;
};

export const DEFAULT_JAR_LIMITS: JarLimits = {
  maxDepth: 8,
  maxNestedBytes: 256 * 2 ** 20,
  maxInflatedBytes: 2 ** 30,
  maxNestedArchives: 10_000,
  maxArtifacts: 10_000,
  maxPomFiles: 1_000,
};

export type JarOptions = {
  readonly log?: Logger;
  readonly signal?: AbortSignal;
  readonly limits?: JarLimits;
};

/** The smallest zip there is (an empty one); anything shorter is no archive. */
export const MIN_ARCHIVE_BYTES = 22;
// Manifests and pom.properties are a few KiB; more is not metadata.
const MAX_METADATA_BYTES = 2 ** 20;
const MANIFEST = 'META-INF/MANIFEST.MF';
const ARCHIVE_EXTENSIONS = new Set(['.jar', '.war', '.ear', '.jpi', '.hpi']);

/** An archive that is a zip but cannot be shown to be a jar (no META-INF, no manifest). */
export class NotAJarError extends InvalidInputError {
  override name = 'NotAJarError';
}

/** A top-level archive that used up its budget: what was found until then is kept. */
class CutShort extends Error {
  override name = 'CutShort';
}

export function isArchiveName(path: string): boolean {
  return ARCHIVE_EXTENSIONS.has(posix.extname(path));
}

/**
 * The members of a jar the reader uses: the first under META-INF (to know there is one), the
 * first manifest, every pom.properties and every nested archive. Rejects an archive with more
 * pom.properties or archives than the limits allow.
 */
export function jarMembers(limits: JarLimits = DEFAULT_JAR_LIMITS): MemberSelect {
  let metaInf = false;
  let manifest = false;
  let poms = 0;
  let archives = 0;
  return ({ name, isDirectory, size }) => {
    const firstUnderMetaInf = !metaInf && (name === 'META-INF' || name.startsWith('META-INF/'));
    if (firstUnderMetaInf) metaInf = true;
    if (isDirectory) return firstUnderMetaInf;
    if (name === MANIFEST) {
      const first = !manifest;
      manifest = true;
      return first || firstUnderMetaInf;
    }
    if (posix.basename(name) === 'pom.properties') {
      if (++poms > limits.maxPomFiles) {
        throw new ArchiveLimitError(`more than ${limits.maxPomFiles} pom.properties`);
      }
      return true;
    }
    if (isArchiveName(name) && size >= MIN_ARCHIVE_BYTES) {
      if (++archives > limits.maxNestedArchives) {
        throw new ArchiveLimitError(`more than ${limits.maxNestedArchives} nested archives`);
      }
      return true;
    }
    return firstUnderMetaInf;
  };
}

type Severity = 'warn' | 'debug';
/** One top-level archive's walk: its limits, and what it has spent and found so far. */
type Walk = {
  readonly limits: JarLimits;
  readonly log: Logger | undefined;
  readonly signal: AbortSignal | undefined;
  readonly out: JarArtifact[];
  inflated: number;
  opened: number;
};
type Level = { readonly chain: readonly string[]; readonly sha1: string; readonly heldBytes: number };

/**
 * The artifacts of the archive at path (whose SHA-1 is sha1, opened with jarMembers) and of the
 * archives inside it. Throws NotAJarError, or InvalidInputError when a member cannot be read; a
 * nested archive that fails is passed over (logged), so its parent's other artifacts are still
 * reported. Past the limits of the whole walk it stops, warns, and returns what it found.
 */
export async function readJar(
  zip: ZipArchive,
  path: string,
  sha1: string,
  options: JarOptions = {},
): Promise<JarArtifact[]> {
  const { log, signal, limits = DEFAULT_JAR_LIMITS } = options;
  const walk: Walk = { limits, log, signal, out: [], inflated: 0, opened: 0 };
  try {
    await readLevel(zip, { chain: [path], sha1, heldBytes: 0 }, walk);
  } catch (err) {
    if (!(err instanceof CutShort)) throw err;
    log?.warn('java archive cut short', { path, reason: err.message });
  }
  return walk.out;
}

async function readLevel(zip: ZipArchive, level: Level, walk: Walk): Promise<void> {
  const own = await identify(zip, level, walk);
  const room = walk.limits.maxArtifacts - walk.out.length;
  for (const artifact of own.slice(0, room)) walk.out.push(artifact);
  if (own.length > room) throw new CutShort(`more than ${walk.limits.maxArtifacts} artifacts`);
  await readNested(zip, level, walk);
}

async function identify(zip: ZipArchive, level: Level, walk: Walk): Promise<JarArtifact[]> {
  const archive = level.chain.join(':');
  const at = (source: JarSource, c: Coordinates): JarArtifact => ({
    ...c,
    source,
    archive,
    sha1: level.sha1,
  });
  // claircore lets javax archives (API jars often lack metadata) fall through to their name.
  const name = posix.basename(level.chain.at(-1) ?? '');
  const lenient = name.startsWith('javax');
  const files = zip.members.filter((m) => !m.isDirectory);
  if (!zip.members.some((m) => m.name === 'META-INF' || m.name.startsWith('META-INF/'))) {
    if (!lenient) throw new NotAJarError('no META-INF folder');
  } else {
    const poms = files.filter((m) => posix.basename(m.name) === 'pom.properties');
    const found: (Coordinates | undefined)[] = [];
    for (const pom of poms) found.push(pomCoordinates(await readText(zip, pom, walk)));
    if (found.length > 0 && found.every((c) => c !== undefined)) return found.map((c) => at('maven', c));
  }
  const manifest = files.find((m) => m.name === MANIFEST);
  if (manifest === undefined) {
    if (!lenient) throw new NotAJarError('no META-INF/MANIFEST.MF');
  } else {
    const found = manifestCoordinates(await readText(zip, manifest, walk));
    if (found !== undefined) return [at('jar', found)];
  }
  const named = fileNameCoordinates(name);
  return named === undefined ? [] : [at('file', named)];
}

async function readNested(zip: ZipArchive, level: Level, walk: Walk): Promise<void> {
  for (const member of zip.members) {
    if (member.isDirectory || !isArchiveName(member.name) || member.size < MIN_ARCHIVE_BYTES) continue;
    walk.signal?.throwIfAborted();
    const chain = [...level.chain, member.name];
    const skip = (reason: string, severity: Severity = 'warn'): void =>
      walk.log?.[severity]('java nested archive skipped', { archive: chain.join(':'), reason });
    if (chain.length - 1 > walk.limits.maxDepth) {
      skip(`nested deeper than ${walk.limits.maxDepth} archives`);
      continue;
    }
    if (++walk.opened > walk.limits.maxNestedArchives) {
      throw new CutShort(`more than ${walk.limits.maxNestedArchives} nested archives`);
    }
    const budget = walk.limits.maxNestedBytes - level.heldBytes;
    let bytes: Buffer;
    try {
      bytes = await inflate(zip, member, budget, walk);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      skip(err.message);
      continue;
    }
    const inner = { chain, sha1: sha1Of(bytes), heldBytes: level.heldBytes + bytes.length };
    await readNestedArchive(bytes, inner, walk, skip);
  }
}

async function readNestedArchive(
  bytes: Buffer,
  level: Level,
  walk: Walk,
  skip: (reason: string, severity?: Severity) => void,
): Promise<void> {
  let inner: ZipArchive;
  try {
    inner = await openZipBuffer(bytes, jarMembers(walk.limits));
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    // As claircore: a member named like an archive that is no zip is common (test resources).
    if (err instanceof ArchiveLimitError) skip(err.message);
    else skip(`not a zip: ${err.message}`, 'debug');
    return;
  }
  try {
    await readLevel(inner, level, walk);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    skip(err.message, err instanceof NotAJarError ? 'debug' : 'warn');
  } finally {
    inner.close();
  }
}

async function readText(zip: ZipArchive, member: ZipMember, walk: Walk): Promise<string> {
  return (await inflate(zip, member, MAX_METADATA_BYTES, walk)).toString('utf8');
}

/** The member's bytes (at most maxBytes), charged to the walk's inflation budget by its declared size. */
async function inflate(zip: ZipArchive, member: ZipMember, maxBytes: number, walk: Walk): Promise<Buffer> {
  walk.signal?.throwIfAborted();
  if (member.size <= maxBytes) {
    walk.inflated += member.size;
    if (walk.inflated > walk.limits.maxInflatedBytes) {
      throw new CutShort(`more than ${walk.limits.maxInflatedBytes} bytes inflated`);
    }
  }
  return zip.read(member, maxBytes);
}

function sha1Of(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
