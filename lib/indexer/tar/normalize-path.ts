/**
 * A tar path as scanners see it: relative to the layer root, with `.` and `..` resolved without
 * ever leaving the root, and no leading or trailing slash. `/etc/../../etc/passwd` is `etc/passwd`.
 */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
