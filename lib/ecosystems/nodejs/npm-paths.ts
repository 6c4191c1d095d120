// Where npm puts things: the package.json files of an installed tree, a project's lockfiles, and
// the project folder either belongs to.
import { basename, dirname } from 'node:path';

/** npm reads the shrinkwrap in preference to package-lock.json in the same folder. */
export const SHRINKWRAP = 'npm-shrinkwrap.json';
const PACKAGE_LOCK = 'package-lock.json';
const TREE = /(?:^|\/)node_modules\//;

/** A package.json under node_modules, as claircore's nodejs scanner reads them; no whiteout. */
export function isPackageJson(path: string): boolean {
  return (
    !basename(path).startsWith('.wh.') && path.includes('node_modules/') && path.endsWith('/package.json')
  );
}

/** A project's lockfile: one inside node_modules belongs to a package whose tree is installed. */
export function isLockfile(path: string): boolean {
  const name = basename(path);
  return (name === PACKAGE_LOCK || name === SHRINKWRAP) && !TREE.test(path);
}

/** The project folder of an installed package.json: the one holding its outermost node_modules/. */
export function treeFolder(path: string): string | undefined {
  const match = TREE.exec(path);
  return match === null ? undefined : path.slice(0, match.index);
}

/** The project folder of a lockfile ("" for the layer root, as treeFolder says it). */
export function lockfileFolder(path: string): string {
  const folder = dirname(path);
  return folder === '.' ? '' : folder;
}
