// The LayerFiles a scanner gets from a real layer tar (made by GNU tar from a tree of files),
// walked by the indexer's own lib/indexer/layer-walk.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../../lib/config/defaults.ts';
import { type LayerFiles, layerFiles } from '../../../../lib/indexer/layer-files.ts';
import { createLayerWalk, type WantsEntries } from '../../../../lib/indexer/layer-walk.ts';
import { createTarParser } from '../../../../lib/indexer/tar/tar-parser.ts';
import { gnuTar, type Tree } from '../../indexer/tar-build.ts';

/** The layer holding the tree, as the scanners see it after the walk. */
export function layerOfTree(scanners: readonly WantsEntries[], tree: Tree): LayerFiles {
  const spillDir = mkdtempSync(join(tmpdir(), 'clairless-rhcc-layer-'));
  try {
    const walk = createLayerWalk(scanners, DEFAULTS.indexer.layerLimits, spillDir);
    const parser = createTarParser(walk.onEntry);
    parser.push(gnuTar(tree));
    parser.end();
    return layerFiles(walk.entries);
  } finally {
    rmSync(spillDir, { recursive: true, force: true });
  }
}
