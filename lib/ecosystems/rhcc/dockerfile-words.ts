// Words of ARG, ENV and LABEL values as claircore's rhel/dockerfile reads them: quotes removed,
// `$name`, `${name}`, `${name:-default}` and `${name:+alternative}` expanded, and `k=v` lists split.
import { InvalidInputError } from '../../errors.ts';

const isSpace = (c: string): boolean => /^\s$/u.test(c);
const isNameChar = (c: string): boolean => /^[\p{L}\p{N}_]$/u.test(c);

// Escapes that mean a control character inside double quotes.
const DOUBLE_QUOTED: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
};

/** The text with its quotes removed; escapes of a quote or the escape itself lose their escape. */
export function unquote(text: string, escapeChar: string): string {
  let out = '';
  let quote = '';
  let esc = false;
  for (const c of text) {
    if (!esc && c === escapeChar) {
      esc = true;
      continue;
    }
    if (!esc && quote === '' && (c === '"' || c === "'")) quote = c;
    else if (!esc && c === quote) quote = '';
    else if (esc) {
      esc = false;
      if (c === escapeChar || c === quote || (quote === '' && (c === '"' || c === "'"))) out += c;
      else if (quote === '"' && DOUBLE_QUOTED[c] !== undefined) out += DOUBLE_QUOTED[c];
      else out += escapeChar + c;
    } else out += c;
  }
  return out;
}

/** The text with variables expanded; an escaped `$` is a literal one, other escapes are kept. */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>, escapeChar: string): string {
  const chars = [...text];
  let out = '';
  let esc = false;
  for (let at = 0; at < chars.length; at++) {
    const c = chars[at] as string;
    if (!esc && c === escapeChar) esc = true;
    else if (esc) {
      esc = false;
      out += c === '$' ? c : escapeChar + c;
    } else if (c !== '$') out += c;
    else if (at + 1 >= chars.length) return out;
    else if (chars[at + 1] === '{') {
      const close = chars.indexOf('}', at + 2);
      const body = chars.slice(at + 2, close === -1 ? chars.length : close).join('');
      const value = braced(body, vars, at);
      // An unclosed brace swallows the rest, as claircore's transformer does.
      if (close === -1) return out;
      out += value;
      at = close;
    } else {
      let end = at + 1;
      while (end < chars.length && isNameChar(chars[end] as string)) end++;
      out += vars.get(chars.slice(at + 1, end).join('')) ?? '';
      at = end - 1;
    }
  }
  return out;
}

function braced(body: string, vars: ReadonlyMap<string, string>, at: number): string {
  const colon = body.indexOf(':');
  if (colon === -1) return vars.get(body) ?? '';
  const name = body.slice(0, colon);
  const word = body.slice(colon + 2);
  const value = vars.get(name);
  switch (body[colon + 1]) {
    case '-':
      return value ?? word;
    case '+':
      return value === undefined ? '' : word;
    default:
      throw new InvalidInputError(`bad default spec at ${at + 2}`);
  }
}

/** Whether an assignment is a `k=v …` list rather than `k v`: an `=` before any space. */
export function isKeyValueList(text: string): boolean {
  const eq = text.indexOf('=');
  const space = text.search(/\s/u);
  return eq !== -1 && (space === -1 || space >= eq);
}

/**
 * The words of a `k=v k2="v 2"` list, split on blanks outside quotes and escapes. Ported with
 * claircore's quirks: an escape just after blanks is dropped with the character it escapes.
 */
export function splitKeyValues(text: string, escapeChar: string): string[] {
  const chars = [...text];
  const out: string[] = [];
  const blank = (c: string) => isSpace(c) && c !== '\n';
  let start = 0;
  let esc = false;
  let quote = '';
  let inBlanks = false;
  for (let at = 0; at < chars.length; at++) {
    const c = chars[at] as string;
    if (esc) esc = false;
    else if (c === escapeChar) esc = true;
    else if (quote === '' && (c === '"' || c === "'")) {
      if (inBlanks) start = at;
      inBlanks = false;
      quote = c;
    } else if (quote !== '' && c === quote) quote = '';
    else if (quote === '' && inBlanks) {
      if (!blank(c)) {
        // The word starts here: read this character again as part of it.
        start = at;
        inBlanks = false;
        at--;
      }
    } else if (quote === '' && blank(c)) {
      out.push(chars.slice(start, at).join(''));
      inBlanks = true;
    }
  }
  if (start < chars.length) out.push(chars.slice(start).join(''));
  return out;
}
