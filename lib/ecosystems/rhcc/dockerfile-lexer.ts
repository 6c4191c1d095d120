// The lines of a Dockerfile as far as its labels need: comments (for the escape directive) and
// ARG, ENV and LABEL instructions with line continuations joined, as claircore's rhel/dockerfile
// lexer reads them. Not a general Dockerfile lexer.
import { InvalidInputError } from '../../errors.ts';

export type DockerfileItem = {
  readonly kind: 'comment' | 'arg' | 'env' | 'label' | 'other';
  /** The rest of the line after the instruction word, trimmed; a comment's text; a whole other line. */
  readonly text: string;
};

/** Which character escapes: `\` unless a directive changes it while reading. */
export type EscapeState = { escape: string };

const isSpace = (c: string): boolean => /^\s$/u.test(c);
const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);

/** The items of the Dockerfile, read lazily so an escape directive applies to the lines after it. */
export function* dockerfileItems(text: string, state: EscapeState): Generator<DockerfileItem> {
  const chars = [...text];
  let at = 0;
  const skipSpace = () => {
    while (at < chars.length && isSpace(chars[at] as string)) at++;
  };
  // One logical line: continuations joined, comment lines inside it dropped, other escapes kept.
  const collectLine = (): string => {
    let out = '';
    let esc = false;
    let inComment = false;
    let started = false;
    for (; at < chars.length; at++) {
      const c = chars[at] as string;
      if (inComment) {
        if (c === '\n') [inComment, started] = [false, false];
      } else if (esc && c === '\r') {
        // DOS line ends after a continuation.
      } else if (esc && c === '\n') [esc, started] = [false, false];
      else if (esc) {
        esc = false;
        out += state.escape + c;
      } else if (c === state.escape) [esc, started] = [true, true];
      else if (c === '\n') break;
      else if (!started && c === '#') inComment = true;
      else {
        if (!isSpace(c)) started = true;
        out += c;
      }
    }
    return out;
  };
  for (;;) {
    skipSpace();
    const c = chars[at];
    if (c === undefined) return;
    if (c === '#') {
      at++;
      // As claircore's lexer: the comment's text starts at the next non-space, even on a later line.
      skipSpace();
      yield { kind: 'comment', text: collectLine() };
    } else if (isLetter(c)) yield instruction(collectLine());
    else throw new InvalidInputError(`unknown rune ${JSON.stringify(c)}`);
  }
}

function instruction(line: string): DockerfileItem {
  const space = line.search(/\s/u);
  if (space === -1) throw new InvalidInputError(`unexpected line: \`${line}\``);
  const word = line.slice(0, space).toLowerCase();
  const rest = line.slice(space).trim();
  if (word === 'arg' || word === 'env' || word === 'label') return { kind: word, text: rest };
  return { kind: 'other', text: line };
}
