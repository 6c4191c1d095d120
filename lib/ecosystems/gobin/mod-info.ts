// The module text of a Go binary's build info, as `go version -m` prints it (Go's
// runtime/debug.ParseBuildInfo): `path`, `mod`, `dep`, `=>` (replaces the module line before it)
// and `build` lines, tab-separated.
import { InvalidInputError, withContext } from '../../errors.ts';

export type Module = {
  readonly path: string;
  readonly version: string;
  readonly sum: string;
  readonly replace?: Module;
};

export type ModInfo = {
  /** The main package's import path. */
  readonly path: string;
  /** The main module; absent for a binary built outside module mode. */
  readonly main: Module | undefined;
  readonly deps: readonly Module[];
  /** `build` settings in order, e.g. `vcs.revision`. */
  readonly settings: readonly { readonly key: string; readonly value: string }[];
};

/** Parses module text; throws InvalidInputError naming the line when one is malformed. */
export function parseModInfo(text: string): ModInfo {
  let path = '';
  let main: Module | undefined;
  const deps: Module[] = [];
  const settings: { key: string; value: string }[] = [];
  // The module line a `=>` line replaces: the one just before it.
  let last: { -readonly [K in keyof Module]: Module[K] } | undefined;
  const lines = text.split('\n');
  // Only newline-terminated lines count, as in Go.
  lines.pop();
  for (const [i, line] of lines.entries()) {
    const [word, ...columns] = line.split('\t');
    if (columns.length === 0) continue;
    try {
      if (word === 'path') path = line.slice('path\t'.length);
      else if (word === 'mod' || word === 'dep') {
        if (columns.length !== 2 && columns.length !== 3)
          malformed(`expected 2 or 3 columns, got ${columns.length}`);
        last = { path: columns[0] as string, version: columns[1] as string, sum: columns[2] ?? '' };
        if (word === 'mod') main = last;
        else deps.push(last);
      } else if (word === '=>') {
        if (columns.length !== 3) malformed(`expected 3 columns for a replacement, got ${columns.length}`);
        if (last === undefined) malformed('replacement with no module on the line before');
        last.replace = {
          path: columns[0] as string,
          version: columns[1] as string,
          sum: columns[2] as string,
        };
        last = undefined;
      } else if (word === 'build') settings.push(parseSetting(line.slice('build\t'.length)));
    } catch (err) {
      throw withContext(err, `Go build info line ${i + 1}`);
    }
  }
  return { path, main, deps, settings };
}

function malformed(reason: string): never {
  throw new InvalidInputError(reason);
}

// What Go quotes in a build key or value, and so refuses unquoted (an unquoted key holds no `=`).
const MUST_QUOTE = /[ \t\r\n"`]/;

function parseSetting(kv: string): { key: string; value: string } {
  if (kv === '') malformed("build line missing '='");
  let key: string;
  let raw: string;
  if (kv[0] === '"' || kv[0] === '`') {
    const end = quotedEnd(kv);
    if (end === undefined) malformed('invalid quoted key in build line');
    key = unquote(kv.slice(0, end));
    if (kv[end] !== '=') malformed("build line missing '=' after quoted key");
    raw = kv.slice(end + 1);
  } else {
    const eq = kv.indexOf('=');
    if (eq === 0) malformed('build line with missing key');
    if (eq === -1) malformed("build line missing '=' after key");
    key = kv.slice(0, eq);
    raw = kv.slice(eq + 1);
    if (MUST_QUOTE.test(key)) malformed(`unquoted key ${JSON.stringify(key)} must be quoted`);
  }
  if (raw[0] === '"' || raw[0] === '`') return { key, value: unquote(raw) };
  if (MUST_QUOTE.test(raw)) malformed(`unquoted value ${JSON.stringify(raw)} must be quoted`);
  return { key, value: raw };
}

/** The index just past the Go quoted string at the start of s, or undefined when it is not closed. */
function quotedEnd(s: string): number | undefined {
  const quote = s[0];
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\' && quote === '"') i++;
    else if (s[i] === quote) return i + 1;
  }
  return undefined;
}

const ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/** A Go string literal's value: raw (backquoted) or interpreted (double-quoted, with Go's escapes). */
function unquote(literal: string): string {
  if (quotedEnd(literal) !== literal.length) malformed(`invalid quoted value ${literal} in build line`);
  const body = literal.slice(1, -1);
  // Go drops carriage returns from raw strings.
  if (literal[0] === '`') return body.replaceAll('\r', '');
  const bytes: number[] = [];
  const pushText = (t: string) => bytes.push(...Buffer.from(t, 'utf8'));
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      const cp = body.codePointAt(i) as number;
      pushText(String.fromCodePoint(cp));
      if (cp > 0xffff) i++;
      continue;
    }
    const e = body[++i] ?? '';
    if (e in ESCAPES) pushText(ESCAPES[e] as string);
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/^[0-7]{3}$/.test(body.slice(i, i + 3)) && Number.parseInt(body.slice(i, i + 3), 8) < 256) {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else if ((e === 'u' || e === 'U') && isCodePoint(body.slice(i + 1, i + (e === 'u' ? 5 : 9)))) {
      const digits = body.slice(i + 1, i + (e === 'u' ? 5 : 9));
      pushText(String.fromCodePoint(Number.parseInt(digits, 16)));
      i += digits.length;
    } else malformed(`invalid escape in quoted value ${literal} in build line`);
  }
  return Buffer.from(bytes).toString('utf8');
}

function isCodePoint(hex: string): boolean {
  return /^([0-9a-fA-F]{4}|[0-9a-fA-F]{8})$/.test(hex) && Number.parseInt(hex, 16) <= 0x10ffff;
}
