import { languageCoalescer } from '../../indexer/language-coalescer.ts';
import type { Coalescer, StoredPackage } from '../../indexer/types.ts';
import { isLockfile, lockfileFolder, treeFolder } from './npm-paths.ts';

/**
 * npm packages of an image, as the language coalescer finds them, less those a lockfile names for
 * a project folder whose node_modules another layer installed: the installed tree wins across
 * layers as it does within one. A Dockerfile's `COPY package*.json`, `RUN npm ci --omit=dev`,
 * `COPY . .` puts the lockfile before and after the tree, and its dev dependencies are not in
 * the image.
 */
export function nodejsCoalescer(): Coalescer {
  const coalesce = languageCoalescer();
  return (layers) => {
    const installed = new Set(
      layers.flatMap((l) =>
        l.packages.flatMap((p) => (isLockfile(p.filepath) ? [] : (treeFolder(p.filepath) ?? []))),
      ),
    );
    const kept = (p: StoredPackage) => !isLockfile(p.filepath) || !installed.has(lockfileFolder(p.filepath));
    return coalesce(layers.map((l) => ({ ...l, packages: l.packages.filter(kept) })));
  };
}
