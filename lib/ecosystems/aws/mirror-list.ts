import { InvalidInputError } from '../../errors.ts';

/**
 * The mirrors of a yum `mirror.list`: one URL per line (blank lines skipped), each returned as a
 * base ending in `/` so that `repodata/...` resolves beneath it. A line that is no http(s) URL,
 * or a list naming no mirror, is an InvalidInputError naming the list.
 */
export function parseMirrorList(text: string, source: string): string[] {
  const mirrors: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (!URL.canParse(line) || !/^https?:$/.test(new URL(line).protocol)) {
      throw new InvalidInputError(
        `mirror list ${source}: line ${i + 1}: ${JSON.stringify(line)} is not an http(s) URL`,
      );
    }
    mirrors.push(line.endsWith('/') ? line : `${line}/`);
  }
  if (mirrors.length === 0) throw new InvalidInputError(`mirror list ${source}: names no mirror`);
  return mirrors;
}
