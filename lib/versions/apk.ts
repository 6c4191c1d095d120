// Alpine apk versions (digits{.digits}[letter]{_suffix[N]}[-rN]): validation and ordering.
// Source of truth: claircore-engine.md §5.3; the algorithm is apk-tools 2.10 src/version.c, token by token.

import { InvalidInputError } from '../errors.ts';

// Token types, in apk-tools' order: when two versions agree up to where one has a later-typed token
// than the other, that one is the older (so 1.2 < 1.2.1, and 1.2 < 1.2-r1).
const INVALID = -1;
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;

/** Tried in this order, by prefix (so `pre` before `p`); a negative value is a pre-release. */
const SUFFIXES: readonly (readonly [string, bigint])[] = [
  ['alpha', -4n],
  ['beta', -3n],
  ['pre', -2n],
  ['rc', -1n],
  ['cvs', 0n],
  ['svn', 1n],
  ['git', 2n],
  ['hg', 3n],
  ['p', 4n],
];

/** A cursor over a version: the position and the type of the token that starts there. */
type Lexer = { readonly text: string; at: number; type: number };

export function isApkVersion(text: string): boolean {
  const lexer: Lexer = { text, at: 0, type: DIGIT };
  while (lexer.type !== END && lexer.type !== INVALID) readToken(lexer);
  return lexer.type === END;
}

/** -1, 0 or 1 as `a` sorts before, with or after `b`. */
export function compareApkVersions(a: string, b: string): number {
  for (const text of [a, b]) {
    if (!isApkVersion(text)) {
      throw new InvalidInputError(
        `apk version ${JSON.stringify(text)}: not of the form digits{.digits}[letter]{_suffix[N]}[-rN]`,
      );
    }
  }
  const x: Lexer = { text: a, at: 0, type: DIGIT };
  const y: Lexer = { text: b, at: 0, type: DIGIT };
  let xv = 0n;
  let yv = 0n;
  while (x.type === y.type && x.type !== END && xv === yv) {
    xv = readToken(x);
    yv = readToken(y);
  }
  if (xv !== yv) return xv < yv ? -1 : 1;
  if (x.type === y.type) return 0;
  // The longer version is newer, unless what it goes on with is a pre-release suffix.
  if (x.type === SUFFIX && isPreRelease(x)) return -1;
  if (y.type === SUFFIX && isPreRelease(y)) return 1;
  return x.type > y.type ? -1 : 1;
}

/** Reads the token at the cursor and moves past it and the separator after it; numbers keep every digit. */
function readToken(lexer: Lexer): bigint {
  const { text } = lexer;
  const start = lexer.at;
  if (start >= text.length) {
    lexer.type = END;
    return 0n;
  }
  let value: bigint;
  let next: number | undefined;
  if (lexer.type === DIGIT_OR_ZERO && text[start] === '0') {
    // A component with leading zeros weighs minus their count, so 1.01 < 1.1 and 1.00 < 1.0. The next
    // token is then taken as a number whatever follows, so 2.0_rc1 > 2.0: apk-tools 2.10 and
    // go-apk-version order it so; later apk-tools fixed it.
    while (text[lexer.at] === '0') lexer.at++;
    value = BigInt(start - lexer.at);
    next = DIGIT;
  } else if (isNumberType(lexer.type)) {
    while (lexer.at < text.length && isDigit(text.charCodeAt(lexer.at))) lexer.at++;
    value = lexer.at === start ? 0n : BigInt(text.slice(start, lexer.at));
  } else if (lexer.type === LETTER) {
    value = BigInt(text.charCodeAt(lexer.at++));
  } else {
    const suffix = SUFFIXES.find(([name]) => text.startsWith(name, start));
    if (suffix === undefined) {
      lexer.type = INVALID;
      return -1n;
    }
    lexer.at += suffix[0].length;
    value = suffix[1];
  }
  if (lexer.at >= text.length) lexer.type = END;
  else if (next !== undefined) lexer.type = next;
  else nextType(lexer);
  return value;
}

/** Decides the type of the token at the cursor from its first character, skipping `.`, `_` or `-r`. */
function nextType(lexer: Lexer): void {
  const { text, at, type } = lexer;
  const c = text.charCodeAt(at);
  let next = INVALID;
  if ((type === DIGIT || type === DIGIT_OR_ZERO) && isLower(c)) next = LETTER;
  else if (type === LETTER && isDigit(c)) next = DIGIT;
  else if (type === SUFFIX && isDigit(c)) next = SUFFIX_NO;
  else {
    if (text[at] === '.') next = DIGIT_OR_ZERO;
    else if (text[at] === '_') next = SUFFIX;
    else if (text.startsWith('-r', at)) {
      next = REVISION_NO;
      lexer.at++;
    }
    lexer.at++;
  }
  // Types only move forward, except a new component after a number, letter or suffix number.
  const allowedBack =
    (next === DIGIT_OR_ZERO && type === DIGIT) ||
    (next === SUFFIX && type === SUFFIX_NO) ||
    (next === DIGIT && type === LETTER);
  lexer.type = next < type && !allowedBack ? INVALID : next;
}

function isNumberType(type: number): boolean {
  return type === DIGIT_OR_ZERO || type === DIGIT || type === SUFFIX_NO || type === REVISION_NO;
}

function isPreRelease(lexer: Lexer): boolean {
  const suffix = SUFFIXES.find(([name]) => lexer.text.startsWith(name, lexer.at));
  return suffix !== undefined && suffix[1] < 0n;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
