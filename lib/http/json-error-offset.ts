// V8 names the position of some JSON syntax errors but not others ("Unexpected token"), so a
// failed parse is scanned again here to find the first offending character.

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold raw control characters
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Stop {
  readonly at: number;
  constructor(at: number) {
    this.at = at;
  }
}

/**
 * The offset of the first character that makes text invalid JSON (text.length when it ends too
 * soon), or undefined when it is valid.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const expect = (char: string): void => {
    skip();
    if (text[i] !== char) throw new Stop(i);
    i++;
  };
  const match = (pattern: RegExp): void => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) throw new Stop(i);
    i = pattern.lastIndex;
  };
  const value = (): void => {
    skip();
    const c = text[i];
    const literal = LITERALS.find((l) => text.startsWith(l, i));
    if (c === '{' || c === '[') container(c === '{' ? '}' : ']', c === '{');
    else if (c === '"') match(STRING);
    else if (literal !== undefined) i += literal.length;
    else match(NUMBER);
  };
  const container = (close: string, keyed: boolean): void => {
    i++;
    skip();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      if (keyed) {
        skip();
        match(STRING);
        expect(':');
      }
      value();
      skip();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
    }
  };
  try {
    value();
    skip();
    if (i < text.length) return i;
    return undefined;
  } catch (stop) {
    if (stop instanceof Stop) return stop.at;
    throw stop;
  }
}

/** "line L column C" of an offset, both counted from 1. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length} column ${(before.at(-1) as string).length + 1}`;
}
