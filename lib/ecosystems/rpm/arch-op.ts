// claircore's ArchOp.Cmp (claircore-engine.md section 0): how an advisory's architecture applies
// to a package's.

/** Whether the advisory's arch, under its operation, covers the package's arch. */
export function archMatches(operation: string | undefined, pkgArch: string, vulnArch: string): boolean {
  if (vulnArch === '') return true;
  if (pkgArch === '') return false;
  switch (operation) {
    case 'equals':
      return pkgArch === vulnArch;
    case 'not equals':
      return pkgArch !== vulnArch;
    case 'pattern match':
      // Unanchored, as Go's regexp.MatchString; a pattern that does not compile matches nothing.
      try {
        return new RegExp(vulnArch).test(pkgArch);
      } catch {
        return false;
      }
    default:
      return false;
  }
}
