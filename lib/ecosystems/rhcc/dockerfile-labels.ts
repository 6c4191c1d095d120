// The labels a Dockerfile sets, with ARG and ENV variables expanded, as claircore's
// rhel/dockerfile GetLabels reads them (build arguments given at build time are not known).
import { InvalidInputError } from '../../errors.ts';
import { dockerfileItems, type EscapeState } from './dockerfile-lexer.ts';
import { expandVariables, isKeyValueList, splitKeyValues, unquote } from './dockerfile-words.ts';

/**
 * The labels the Dockerfile sets, added to `into` as they are read, so a caller sees those set
 * before a line that could not be read. Throws InvalidInputError naming that line.
 */
export function dockerfileLabels(text: string, into = new Map<string, string>()): Map<string, string> {
  const state: EscapeState = { escape: '\\' };
  const vars = new Map<string, string>();
  const value = (raw: string) => expandVariables(unquote(raw, state.escape), vars, state.escape);
  const bare = (raw: string) => expandVariables(raw, vars, state.escape);
  for (const item of dockerfileItems(text, state)) {
    switch (item.kind) {
      case 'env':
        assign(item.text, state.escape, { value, bare }, (k, v) => vars.set(k, v));
        break;
      case 'label':
        // Labels take ENV's two forms (`k=v …` and `k v`); undocumented, but builds accept both.
        assign(item.text, state.escape, { value, bare }, (k, v) => into.set(k, v));
        break;
      case 'arg': {
        const eq = item.text.indexOf('=');
        if (eq !== -1)
          vars.set(unquote(item.text.slice(0, eq), state.escape), value(item.text.slice(eq + 1)));
        break;
      }
      case 'comment':
        state.escape = escapeDirective(item.text) ?? state.escape;
        break;
      case 'other':
        break;
    }
  }
  return into;
}

function assign(
  text: string,
  escapeChar: string,
  expand: { readonly value: (raw: string) => string; readonly bare: (raw: string) => string },
  set: (key: string, value: string) => void,
): void {
  if (isKeyValueList(text)) {
    for (const pair of splitKeyValues(text, escapeChar)) {
      const eq = pair.indexOf('=');
      if (eq === -1) throw new InvalidInputError(`invalid assignment syntax: ${quoted(text)}`);
      set(unquote(pair.slice(0, eq), escapeChar), expand.value(pair.slice(eq + 1)));
    }
    return;
  }
  const space = text.search(/\s/u);
  if (space === -1) throw new InvalidInputError(`invalid assignment syntax: ${quoted(text)}`);
  // The `k v` form's value keeps its quotes, as claircore's does.
  set(unquote(text.slice(0, space), escapeChar), expand.bare(text.slice(space).trimStart()));
}

/**
 * The escape character a `# escape=<c>` comment sets. claircore takes the comment's first
 * character instead (a bug); this takes the one after `=`.
 */
function escapeDirective(comment: string): string | undefined {
  const text = comment.trim().toLowerCase();
  const at = text.indexOf('escape=');
  if (at === -1) return undefined;
  const escapeChar = [...text.slice(at + 'escape='.length)][0];
  if (escapeChar === undefined) throw new InvalidInputError(`botched parser directive: ${quoted(comment)}`);
  return escapeChar;
}

// Go's %#q: backquoted when that needs no escapes, else a quoted string.
const quoted = (s: string): string =>
  /^[^`\p{Cc}]*$/u.test(s.replaceAll('\t', '')) ? `\`${s}\`` : JSON.stringify(s);
