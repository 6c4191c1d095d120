// CPE names as NISTIR 7695 well-formed names (WFN): eleven attributes, each unset, ANY, NA or a
// value kept in its escaped WFN form (`enterprise\_linux` is not escaped, `8\.6` is).
import { InvalidInputError } from '../errors.ts';

export const CPE_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'sw_edition',
  'target_sw',
  'target_hw',
  'other',
] as const;

export type CpeValue =
  | { readonly kind: 'unset' }
  | { readonly kind: 'any' }
  | { readonly kind: 'na' }
  | { readonly kind: 'set'; readonly value: string };

/** Eleven values in CPE_ATTRIBUTES order. */
export type Wfn = readonly CpeValue[];

const UNSET: CpeValue = { kind: 'unset' };
const ANY: CpeValue = { kind: 'any' };
const NA: CpeValue = { kind: 'na' };

/** Letters, digits and underscore stand for themselves in a WFN; everything else is escaped. */
const plain = (c: string): boolean => /^[A-Za-z0-9_]$/.test(c);

/** A CPE 2.2 URI (`cpe:/o:redhat:enterprise_linux:8::baseos`) or 2.3 formatted string, as a WFN. */
export function parseCpe(text: string): Wfn {
  if (text.startsWith('cpe:/')) return checked(text, parseUri(text));
  if (text.startsWith('cpe:2.3:')) return checked(text, parseFormatted(text));
  throw new InvalidInputError(`cpe ${JSON.stringify(text)}: want cpe:/… or cpe:2.3:…`);
}

function parseUri(text: string): CpeValue[] {
  const wfn: CpeValue[] = CPE_ATTRIBUTES.map(() => UNSET);
  const parts = text.slice('cpe:/'.length).split(':');
  if (parts.length > 7) throw new InvalidInputError(`cpe ${JSON.stringify(text)}: more than 7 components`);
  for (let i = 0; i < 7; i++) wfn[i] = ANY;
  parts.forEach((part, i) => {
    // A packed edition (~edition~sw_edition~target_sw~target_hw~other) carries the 2.3 extras.
    if (i === 5 && part.startsWith('~')) {
      const packed = part.slice(1).split('~');
      [5, 7, 8, 9, 10].forEach((attr, j) => {
        wfn[attr] = uriValue(text, packed[j] ?? '');
      });
      return;
    }
    wfn[i] = uriValue(text, part);
  });
  return wfn;
}

function uriValue(text: string, part: string): CpeValue {
  if (part === '') return ANY;
  if (part === '-') return NA;
  let value = '';
  const lower = part.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] as string;
    if (c === '%') {
      const code = lower.slice(i + 1, i + 3);
      i += 2;
      if (code === '01') value += '?';
      else if (code === '02') value += '*';
      else if (/^[0-9a-f]{2}$/.test(code)) value += `\\${String.fromCharCode(Number.parseInt(code, 16))}`;
      else throw new InvalidInputError(`cpe ${JSON.stringify(text)}: bad escape %${code}`);
    } else if (plain(c)) value += c;
    else if ('.-~'.includes(c)) value += `\\${c}`;
    else
      throw new InvalidInputError(
        `cpe ${JSON.stringify(text)}: character ${JSON.stringify(c)} is not allowed`,
      );
  }
  return { kind: 'set', value };
}

function parseFormatted(text: string): CpeValue[] {
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      field += c + (text[i + 1] ?? '');
      i++;
    } else if (c === ':') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  if (fields.length !== 13) {
    throw new InvalidInputError(`cpe ${JSON.stringify(text)}: ${fields.length - 2} attributes, want 11`);
  }
  return fields.slice(2).map((f): CpeValue => {
    if (f === '') return UNSET;
    if (f === '*') return ANY;
    if (f === '-') return NA;
    let value = '';
    for (let i = 0; i < f.length; i++) {
      const c = f[i] as string;
      if (c === '\\') {
        value += c + (f[i + 1] ?? '');
        i++;
      } else value += plain(c) || c === '*' || c === '?' ? c : `\\${c}`;
    }
    return { kind: 'set', value };
  });
}

function checked(text: string, wfn: CpeValue[]): Wfn {
  for (const [i, v] of wfn.entries()) {
    if (v.kind === 'set' && /[^\x21-\x7e]/.test(v.value)) {
      throw new InvalidInputError(
        `cpe ${JSON.stringify(text)}: ${CPE_ATTRIBUTES[i]} has a space or non-ASCII character`,
      );
    }
  }
  const part = wfn[0] as CpeValue;
  if (part.kind === 'set' && !['a', 'o', 'h'].includes(part.value)) {
    throw new InvalidInputError(
      `cpe ${JSON.stringify(text)}: part ${JSON.stringify(part.value)} is not a, o or h`,
    );
  }
  if (wfn.every((v) => v.kind === 'unset')) throw new InvalidInputError(`cpe ${JSON.stringify(text)}: empty`);
  return wfn;
}

/** The WFN as a CPE 2.3 formatted string, the form claircore stores and compares. */
export function formatCpe(wfn: Wfn): string {
  const fields = wfn.map((v) => {
    if (v.kind === 'unset' || v.kind === 'any') return '*';
    if (v.kind === 'na') return '-';
    return v.value.replace(/\\([.\-_])/g, '$1');
  });
  return `cpe:2.3:${fields.join(':')}`;
}

/** Any CPE text in its 2.3 formatted form; "" stays "". */
export function normalizeCpe(text: string): string {
  return text === '' ? '' : formatCpe(parseCpe(text));
}

/**
 * A CPE as claircore's JSON writes one, the 2.3 formatted string, whichever form a scanner or
 * feed gave; text that is no CPE stays as it was, since reports must not fail on it.
 */
export function wireCpe(text: string): string {
  try {
    return normalizeCpe(text);
  } catch {
    return text;
  }
}
