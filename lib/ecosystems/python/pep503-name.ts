/**
 * A Python project name as PEP 503 normalises it: lower case, each run of `-`, `_` and `.` one
 * `-`. pip and PyPI treat `PyYAML`, `pyyaml` and `zope.interface`/`zope-interface` as one project,
 * and so must matching, where claircore only lower-cases and misses such advisories.
 */
export function pep503Name(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
