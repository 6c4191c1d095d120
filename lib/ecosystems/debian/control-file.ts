/**
 * The paragraphs of a Debian control file (dpkg's status database, a distroless status.d file):
 * "Field: value" lines, continuation lines indented, paragraphs separated by blank lines.
 */
export function parseControlFile(text: string): Record<string, string>[] {
  const paragraphs: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (Object.keys(current).length > 0) paragraphs.push(current);
      current = {};
      last = undefined;
    } else if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      current[last] = `${current[last]}\n${line.trim()}`;
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim();
      current[last] = line.slice(colon + 1).trim();
    }
  }
  if (Object.keys(current).length > 0) paragraphs.push(current);
  return paragraphs;
}

/** `Source: name (version)` or `Source: name` as name and version (the binary's version when absent). */
export function parseSourceField(field: string, binaryVersion: string): { name: string; version: string } {
  const match = /^(\S+)(?:\s+\(([^)]*)\))?/.exec(field.trim());
  return { name: match?.[1] ?? field.trim(), version: match?.[2]?.trim() || binaryVersion };
}
