import type { ScannedPackage } from './types.ts';

/** Packages ordered by name then version, by code point, so results do not depend on the locale. */
export function sortPackages<T extends ScannedPackage>(packages: T[]): T[] {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return packages.sort((a, b) => cmp(a.name, b.name) || cmp(a.version, b.version));
}
