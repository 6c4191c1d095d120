// The node_modules tree npm installed into testdata/npm-tree (see testdata/README.md), as the
// scanner tests lay it into a layer and as `npm ls` printed it at install time.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const TREE = join(import.meta.dirname, 'testdata', 'npm-tree');

type NpmLsNode = { readonly version?: string; readonly dependencies?: Record<string, NpmLsNode> };

/** Every `name@version` in `npm ls --all --json` (deduplicated entries included), the project left out. */
export function installedByNpmLs(): Set<string> {
  const root = JSON.parse(readFileSync(join(TREE, 'npm-ls.json'), 'utf8')) as NpmLsNode;
  const out = new Set<string>();
  const pending = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      out.add(`${name}@${child.version}`);
      pending.push(child);
    }
  }
  return out;
}

/**
 * The installed package.json files, under `<folder>/node_modules/`. The testdata stores each
 * `node_modules` folder as `node_modules_`, so that none is committed; here they get their names back.
 */
export function installedTree(folder: string): Record<string, string> {
  const modules = join(TREE, 'node_modules_');
  return Object.fromEntries(
    readdirSync(modules, { recursive: true, encoding: 'utf8' })
      .filter((p) => basename(p) === 'package.json')
      .map((p) => [
        `${folder}/node_modules/${p.replaceAll('/node_modules_/', '/node_modules/')}`,
        readFileSync(join(modules, p), 'utf8'),
      ]),
  );
}

/** The package-lock.json npm wrote beside the tree (lockfileVersion 3). */
export const packageLock = (): string => readFileSync(join(TREE, 'package-lock.json'), 'utf8');
