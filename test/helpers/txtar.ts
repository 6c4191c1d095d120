// claircore's txtar test cases: `-- name --` sections of JSON whose `{"$ref": "file:x"}` objects
// stand for the section named x.
import { readFileSync } from 'node:fs';

/** The sections of a txtar archive, by name. */
export function readTxtar(path: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const header = /^-- (.+) --$/.exec(line);
    if (header === null) {
      lines.push(line);
      continue;
    }
    if (name !== undefined) sections.set(name, lines.join('\n'));
    name = header[1];
    lines = [];
  }
  if (name !== undefined) sections.set(name, lines.join('\n'));
  return sections;
}

/** A section parsed as JSON, every `$ref` replaced by the section it names. */
export function resolveSection(sections: ReadonlyMap<string, string>, name: string): unknown {
  const text = sections.get(name);
  if (text === undefined) throw new Error(`txtar: no section ${name}`);
  // Sections may be JSON text sequences (RFC 7464): a record separator before the JSON.
  const json = text.replaceAll('\x1e', '');
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('file:')) return resolveSection(sections, ref.slice(5));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve(JSON.parse(json));
}
