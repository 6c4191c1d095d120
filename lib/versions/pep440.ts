// PEP 440 versions (https://peps.python.org/pep-0440/), read and ordered exactly as Python's
// packaging.version.Version does; the unanchored fallback for other text and the ten-integer form
// follow claircore's pkg/pep440 (claircore-engine.md section 5.4).
import { InvalidInputError } from '../errors.ts';
import type { NormalizedVersion } from '../updater/types.ts';

export type Pep440 = {
  readonly epoch: bigint;
  readonly release: readonly bigint[];
  readonly pre: { readonly label: 'a' | 'b' | 'rc'; readonly number: bigint } | undefined;
  readonly post: bigint | undefined;
  readonly dev: bigint | undefined;
  /** Numeric parts as numbers, the others lower-cased. */
  readonly local: readonly (bigint | string)[] | undefined;
};

// packaging's VERSION_PATTERN. JavaScript has no possessive `?+`, and only the epoch's changes a
// result (a search must not drop `1!` to read `1!.0` as 1), so a lookahead makes that one atomic.
const BODY = [
  String.raw`v?(?=(?<epochPart>(?:[0-9]+!)?))\k<epochPart>(?<release>[0-9]+(?:\.[0-9]+)*)`,
  '(?:[._-]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[._-]?(?<preN>[0-9]+)?)?',
  '(?:-(?<postN1>[0-9]+)|[._-]?(?<postL>post|rev|r)[._-]?(?<postN2>[0-9]+)?)?',
  '(?:[._-]?(?<devL>dev)[._-]?(?<devN>[0-9]+)?)?',
  String.raw`(?:\+(?<local>[a-z0-9]+(?:[._-][a-z0-9]+)*))?`,
].join('');
// Python's \s (str.isspace), which differs from JavaScript's.
const SPACE = String.raw`[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*`;
// Without the `u` flag, `i` folds only ASCII letters, like packaging's (?a:...) groups.
const VALID = new RegExp(`^${SPACE}${BODY}${SPACE}$`, 'i');
const ANYWHERE = new RegExp(BODY, 'i');

/**
 * Reads a version as packaging does; text packaging rejects falls back to claircore's reading, the
 * leftmost version inside it (`foo1.0xyz` is 1.0; `foo1.0bar` is 1.0b0, `b` being a label).
 */
export function parsePep440(text: string): Pep440 {
  const groups = (VALID.exec(text) ?? ANYWHERE.exec(text))?.groups;
  if (groups === undefined)
    throw new InvalidInputError(`PEP 440 version ${JSON.stringify(text)}: no version number`);
  const { epochPart, release = '0', preL, preN, postN1, postL, postN2, devL, devN, local } = groups;
  return {
    epoch: BigInt(epochPart?.slice(0, -1) || 0),
    release: release.split('.').map(BigInt),
    pre: preL === undefined ? undefined : { label: preLabel(preL), number: BigInt(preN ?? 0) },
    post: postN1 !== undefined ? BigInt(postN1) : postL !== undefined ? BigInt(postN2 ?? 0) : undefined,
    dev: devL === undefined ? undefined : BigInt(devN ?? 0),
    local: local?.split(/[._-]/).map((part) => (/^[0-9]+$/.test(part) ? BigInt(part) : part.toLowerCase())),
  };
}

/** packaging's order: epoch, release (trailing zeros ignored), pre/post/dev, then local. */
export function comparePep440(a: Pep440, b: Pep440): number {
  return (
    compareBig(a.epoch, b.epoch) ||
    compareLists(trimZeros(a.release), trimZeros(b.release), compareBig) ||
    compareLists(suffixKey(a), suffixKey(b), compareBig) ||
    compareLocal(a.local, b.local)
  );
}

/**
 * claircore's normalised version, kind `pep440`: [epoch, release 1-5, pre label (a -3, b -2, rc -1),
 * pre number, post, dev]; a bare dev release puts MinInt32 + dev in the pre label slot so it sorts
 * before every pre-release. As in claircore an explicit post0 or dev0 counts as absent and releases
 * past the fifth number are dropped; numbers past int32 are clamped to 2^31-1.
 */
export function pep440Normalized(v: Pep440): NormalizedVersion {
  const release = [0, 1, 2, 3, 4].map((i) => clamp(v.release[i] ?? 0n));
  const pre = v.pre === undefined ? 0 : { a: -3, b: -2, rc: -1 }[v.pre.label];
  const post = clamp(v.post ?? 0n);
  const dev = clamp(v.dev ?? 0n);
  const bareDev = dev !== 0 && pre === 0 && post === 0;
  const devSlot = dev === 0 || bareDev ? 0 : -dev;
  return [
    clamp(v.epoch),
    ...release,
    bareDev ? INT32_MIN + dev : pre,
    clamp(v.pre?.number ?? 0n),
    post,
    devSlot,
  ];
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

function clamp(n: bigint): number {
  return n > BigInt(INT32_MAX) ? INT32_MAX : Number(n);
}

/** alpha is a; beta is b; c, pre and preview are rc. */
function preLabel(text: string): 'a' | 'b' | 'rc' {
  const label = text.toLowerCase();
  return label === 'a' || label === 'alpha' ? 'a' : label === 'b' || label === 'beta' ? 'b' : 'rc';
}

function trimZeros(release: readonly bigint[]): readonly bigint[] {
  let end = release.length;
  while (end > 0 && release[end - 1] === 0n) end--;
  return release.slice(0, end);
}

/** packaging's _cmpkey suffix: (pre rank, pre number, post rank, post number, dev rank, dev number). */
function suffixKey(v: Pep440): bigint[] {
  const preRank =
    v.pre !== undefined
      ? { a: 0n, b: 1n, rc: 2n }[v.pre.label]
      : v.post === undefined && v.dev !== undefined
        ? -1n
        : 3n;
  return [
    preRank,
    v.pre?.number ?? 0n,
    v.post === undefined ? 0n : 1n,
    v.post ?? 0n,
    v.dev === undefined ? 1n : 0n,
    v.dev ?? 0n,
  ];
}

/** No local part sorts first; within one, strings sort before numbers. */
function compareLocal(a: Pep440['local'], b: Pep440['local']): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareLists(a, b, (x, y) => {
    if (typeof x === 'bigint' && typeof y === 'bigint') return compareBig(x, y);
    if (typeof x !== typeof y) return typeof x === 'string' ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Element by element; a list that is a prefix of the other sorts first. */
function compareLists<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compare(a[i] as T, b[i] as T);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
