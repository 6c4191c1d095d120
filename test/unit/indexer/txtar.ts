// A reader for the txtar archives claircore keeps its test cases in (golang.org/x/tools/txtar):
// an optional comment, then files, each starting at a line `-- name --`.

export type Txtar = { readonly comment: string; readonly files: ReadonlyMap<string, string> };

const MARKER = /^-- (.+) --$/;

export function parseTxtar(text: string): Txtar {
  const files = new Map<string, string>();
  let comment = '';
  let name: string | undefined;
  let body: string[] = [];
  const flush = (): void => {
    const content = body.length === 0 ? '' : `${body.join('\n')}\n`;
    if (name === undefined) comment = content;
    else files.set(name, content);
  };
  const lines = text.split('\n');
  // A final newline ends the last line rather than starting an empty one.
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const marker = MARKER.exec(line);
    if (marker === null) {
      body.push(line);
      continue;
    }
    flush();
    name = marker[1];
    body = [];
  }
  flush();
  return { comment, files };
}
