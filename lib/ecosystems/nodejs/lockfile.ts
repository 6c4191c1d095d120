// npm's lockfiles (`package-lock.json`, `npm-shrinkwrap.json`) read as the packages they lock:
// lockfileVersion 2 and 3 list them in `packages`, keyed by their install path; version 1 (and
// older shrinkwraps) nest them in `dependencies`. https://docs.npmjs.com/cli/configuring-npm/package-lock-json
import { InvalidInputError } from '../../errors.ts';

export type LockedPackage = { readonly name: string; readonly version: string };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const INSTALL_PATH = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/;

/**
 * The packages a lockfile locks, each name and version once: no root package, no workspace
 * folder, no link, nothing without a version, nothing npm would not install on Linux. Throws
 * InvalidInputError for text that is not a lockfile.
 */
export function parseLockfile(text: string): LockedPackage[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`not JSON: ${(cause as Error).message}`, { cause });
  }
  if (!isObject(json)) throw new InvalidInputError('not a lockfile: want a JSON object');
  const found = json.packages !== undefined ? installPaths(json.packages) : nested(json.dependencies);
  return [...new Map(found.map((p) => [`${p.name}@${p.version}`, p])).values()];
}

/** v2/v3 `packages`: "" is the project, keys without node_modules/ are its workspace folders. */
function installPaths(packages: unknown): LockedPackage[] {
  if (!isObject(packages)) throw new InvalidInputError('"packages" is not an object');
  const out: LockedPackage[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (!isObject(entry)) throw new InvalidInputError(`packages["${path}"] is not an object`);
    const installedAs = INSTALL_PATH.exec(path)?.[1];
    if (installedAs === undefined || entry.link === true || !installsOnLinux(entry.os)) continue;
    const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : installedAs;
    if (typeof entry.version === 'string' && entry.version !== '') out.push({ name, version: entry.version });
  }
  return out;
}

/**
 * v1 `dependencies`, walked with a stack rather than recursion so no nesting depth is too deep.
 * A `file:` version is a local folder or tarball, npm's link; `npm:name@version` is an alias.
 */
function nested(dependencies: unknown): LockedPackage[] {
  const out: LockedPackage[] = [];
  const pending: [string, unknown][] = [['"dependencies"', dependencies]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [where, level] = next;
    if (level === undefined) continue;
    if (!isObject(level)) throw new InvalidInputError(`${where} is not an object`);
    for (const [name, entry] of Object.entries(level)) {
      if (!isObject(entry)) throw new InvalidInputError(`"${name}" in ${where} is not an object`);
      pending.push([`"dependencies" of "${name}"`, entry.dependencies]);
      const version = entry.version;
      if (typeof version !== 'string' || version === '' || version.startsWith('file:')) continue;
      out.push(aliased(version) ?? { name, version });
    }
  }
  return out;
}

/**
 * Whether npm installs a package whose `os` is this on Linux, as npm-install-checks decides: a
 * `!linux` excludes it, and a list naming systems must name Linux. Images are Linux; a lockfile
 * made on a Mac still lists fsevents.
 */
function installsOnLinux(os: unknown): boolean {
  const list =
    typeof os === 'string' ? [os] : Array.isArray(os) ? os.filter((o) => typeof o === 'string') : [];
  if (list.length === 1 && list[0] === 'any') return true;
  if (list.includes('!linux')) return false;
  const named = list.filter((o) => !o.startsWith('!'));
  return named.length === 0 || named.includes('linux');
}

function aliased(version: string): LockedPackage | undefined {
  const match = /^npm:((?:@[^/@]+\/)?[^/@]+)@(.+)$/.exec(version);
  return match === null ? undefined : { name: match[1] as string, version: match[2] as string };
}
