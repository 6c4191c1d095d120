import { basename, dirname } from 'node:path';
import type { FileScanner, LayerArtifacts } from './types.ts';

const PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** OCI whiteout files: `.wh.<name>` deletes name from lower layers, `.wh..wh..opq` empties its folder. */
export const whiteoutScanner: FileScanner = {
  name: 'whiteout',
  version: '1',
  kind: 'file',
  wants: (path) => (basename(path).startsWith(PREFIX) ? 'presence' : 'none'),
  async scan(files) {
    return [...files.paths()]
      .filter((p) => basename(p).startsWith(PREFIX))
      .map((path) => ({ path, kind: 'whiteout' }));
  },
};

const within = (path: string, folder: string): boolean => folder === '' || path.startsWith(`${folder}/`);

/** True when the whiteout file at whiteout hides path. */
export function covers(whiteout: string, path: string): boolean {
  const folder = dirname(whiteout) === '.' ? '' : dirname(whiteout);
  const name = basename(whiteout);
  if (name === OPAQUE) return within(path, folder);
  const target = `${folder === '' ? '' : `${folder}/`}${name.slice(PREFIX.length)}`;
  return path === target || within(path, target);
}

/** True when a whiteout in a layer above layerIndex hides path (a file or folder of that layer). */
export function whitedOut(path: string, layerIndex: number, layers: readonly LayerArtifacts[]): boolean {
  return layers.slice(layerIndex + 1).some((layer) => layer.files.some((f) => covers(f.path, path)));
}
