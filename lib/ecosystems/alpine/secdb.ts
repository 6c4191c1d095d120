// The Alpine secdb feed (https://secdb.alpinelinux.org/<release>/<repo>.json): per source
// package, the versions that fixed security issues and the issues each fixed.
import { Tokenizer, TokenParser } from '@streamparser/json';
import { InvalidInputError } from '../../errors.ts';
import { describeJson, isJsonObject } from '../../json-value.ts';
import type { Vulnerability } from '../../updater/types.ts';
import { alpineRelease } from './distribution-scanner.ts';

/** One package's fixes: fixed version -> issue ids ("0" as the version: never affected). */
export type SecdbPackage = {
  readonly pkg: {
    readonly name: string;
    /** Upstream sometimes leaves a version's list empty (null); it names no issue then. */
    readonly secfixes: Readonly<Record<string, readonly string[]>>;
  };
};

export type Secdb = {
  readonly distroversion?: string;
  readonly reponame?: string;
  readonly urlprefix?: string;
  readonly apkurl?: string;
  /** null in an empty repository's document. */
  readonly packages: readonly SecdbPackage[];
};

/** A secdb document narrowed to its wire type; anything else throws naming `source` and the field. */
export function parseSecdb(json: string, source: string): Secdb {
  const fail = (path: string, want: string, got: unknown): never => {
    throw new InvalidInputError(`alpine secdb ${source}: ${path}: want ${want}, got ${describeJson(got)}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (cause) {
    const reason = `${whereMalformed(json)}: ${(cause as Error).message}`;
    throw new InvalidInputError(`alpine secdb ${source}: ${reason}`, { cause });
  }
  if (!isJsonObject(doc)) return fail('document', 'an object', doc);
  const text = (field: string): string | undefined => {
    const got = doc[field];
    return got === undefined || typeof got === 'string' ? got : fail(field, 'a string', got);
  };
  const packages = doc.packages ?? [];
  if (!Array.isArray(packages)) return fail('packages', 'a list', packages);
  return {
    distroversion: text('distroversion'),
    reponame: text('reponame'),
    urlprefix: text('urlprefix'),
    apkurl: text('apkurl'),
    packages: packages.map((entry: unknown, i) => secdbPackage(entry, `packages[${i}]`, fail)),
  };
}

// The tokenizer states an absolute position in its own errors; the token parser does not, so
// the offset of the token it rejected stands in for it.
const TOKENIZER_POSITION = /absolute position "(\d+)"/;

/**
 * Where a document JSON.parse rejected goes wrong, in bytes, which JSON.parse does not always say
 * (never for a cut-off document). Only run on failure: documents are small, so JSON.parse reads
 * them whole, and this second, streaming read only locates the fault.
 */
function whereMalformed(json: string): string {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser();
  let offset = 0;
  tokenizer.onToken = (info) => {
    offset = info.offset;
    parser.write(info);
  };
  parser.onValue = () => undefined;
  try {
    tokenizer.write(json);
  } catch (err) {
    return `malformed JSON at byte ${TOKENIZER_POSITION.exec(String(err))?.[1] ?? offset}`;
  }
  // Every token was valid: the document either ends early or has something after its end.
  return parser.isEnded ? `malformed JSON at byte ${offset}` : `truncated at byte ${Buffer.byteLength(json)}`;
}

function secdbPackage(
  entry: unknown,
  path: string,
  fail: (path: string, want: string, got: unknown) => never,
): SecdbPackage {
  if (!isJsonObject(entry)) return fail(path, 'an object', entry);
  const pkg = entry.pkg;
  if (!isJsonObject(pkg)) return fail(`${path}.pkg`, 'an object', pkg);
  if (typeof pkg.name !== 'string' || pkg.name === '')
    return fail(`${path}.pkg.name`, 'a package name', pkg.name);
  const raw = pkg.secfixes ?? {};
  if (!isJsonObject(raw)) return fail(`${path}.pkg.secfixes`, 'an object', raw);
  const secfixes = Object.entries(raw).map(([version, ids]): [string, string[]] => {
    const at = `${path}.pkg.secfixes[${JSON.stringify(version)}]`;
    const list = ids ?? [];
    if (!Array.isArray(list)) return fail(at, 'a list of ids', list);
    for (const [j, id] of list.entries()) if (typeof id !== 'string') fail(`${at}[${j}]`, 'a string', id);
    return [version, list];
  });
  // fromEntries, not assignment: a version key "__proto__" stays a key.
  return { pkg: { name: pkg.name, secfixes: Object.fromEntries(secfixes) } };
}

const LINK_PREFIX = 'https://security.alpinelinux.org/vuln/';

/**
 * One vulnerability per (package, fixed version, id) for a release version (`3.18`, `edge`).
 * Ids are kept verbatim, as claircore does, even an entry like `CVE-2017-8903 XSA-213`.
 */
export function secdbVulnerabilities(db: Secdb, version: string): Vulnerability[] {
  const dist = alpineRelease(version);
  return db.packages.flatMap(({ pkg }) =>
    Object.entries(pkg.secfixes).flatMap(([fixed, ids]) =>
      ids.map(
        (id): Vulnerability => ({
          name: id,
          description: '',
          issued: undefined,
          links: LINK_PREFIX + id,
          severity: '',
          normalizedSeverity: 'Unknown',
          package: { name: pkg.name, version: '', module: '', arch: '', kind: 'source' },
          dist,
          repo: undefined,
          fixedInVersion: fixed,
          archOperation: '',
          range: undefined,
        }),
      ),
    ),
  );
}
