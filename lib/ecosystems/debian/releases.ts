// Debian releases as the updater knows them: codename -> major version ("bookworm" -> "12").
import { InvalidInputError } from '../../errors.ts';

/** Codename -> major version, the releases whose tracker entries become vulnerabilities. */
export type DebianReleases = ReadonlyMap<string, string>;

/** Used when the mirror cannot be asked (claircore has no such list; discovery is all it has). */
export const BUILTIN_RELEASES: DebianReleases = new Map([
  ['buster', '10'],
  ['bullseye', '11'],
  ['bookworm', '12'],
  ['trixie', '13'],
]);

// Links in a dists/ index that are not release codenames: suites (stable, testing, sid),
// point-release aliases (Debian12.11), their -updates, -backports and -security children.
const SKIP = ['-', 'Debian', 'sid', 'stable', 'testing', 'experimental', 'README', 'updates', 'backports'];
const HREF = /href="([^"]*)"/g;

/**
 * The candidate codenames linked from a mirror's `dists/` index page, in page order, each once.
 * Sorting links (`?C=N;O=D`), absolute and parent links are left out.
 */
export function distsCodenames(html: string): string[] {
  const names = new Set<string>();
  for (const [, href = ''] of html.matchAll(HREF)) {
    if (/^[/?.]/.test(href) || href.includes(':')) continue;
    const name = href.replace(/^\/+|\/+$/g, '');
    if (name === '' || name.includes('/') || SKIP.some((s) => name.includes(s))) continue;
    names.add(name);
  }
  return [...names];
}

/**
 * The major version a `Release` file (or its first bytes) states, `Version: 12.11` -> "12";
 * undefined when there is none, as for testing, or it has no minor part.
 */
export function releaseMajor(releaseFile: string): string | undefined {
  return /^Version:[ \t]*(\d+)\.\S*[ \t]*\r?$/im.exec(releaseFile)?.[1];
}

/** Releases as plain JSON for an updater spec's params, and back. */
export function releasesToJson(releases: DebianReleases): string {
  return JSON.stringify(Object.fromEntries(releases));
}

/** The releases of an updater spec's params; anything but a codename -> digits object throws. */
export function releasesFromJson(json: string | undefined, where: string): DebianReleases {
  let value: unknown;
  try {
    value = JSON.parse(json ?? '');
  } catch (cause) {
    throw new InvalidInputError(`${where}: releases ${JSON.stringify(json)} is not JSON`, { cause });
  }
  const entries =
    typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string' && /^\d+$/.test(v))) {
    throw new InvalidInputError(
      `${where}: releases ${json} is not a non-empty object of codename to major version`,
    );
  }
  return new Map(entries as [string, string][]);
}
