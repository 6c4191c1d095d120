/** A strong, quoted entity tag for value. */
export function etag(value: string): string {
  return `"${value}"`;
}

/** True when If-None-Match names tag (exact comparison of each listed tag, or `*`). */
export function isNotModified(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((t) => {
    const candidate = t.trim();
    return candidate === '*' || candidate === tag;
  });
}
