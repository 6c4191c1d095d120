// The LayerFiles a scanner gets from a real layer tar, made by the indexer's own walk
// (lib/indexer/layer-walk.ts) so entries are kept exactly as far as the scanners ask for them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../lib/config/defaults.ts';
import { type LayerFiles, layerFiles } from '../../lib/indexer/layer-files.ts';
import { createLayerWalk, type WantsEntries } from '../../lib/indexer/layer-walk.ts';
import { createTarParser } from '../../lib/indexer/tar/tar-parser.ts';

export type TarLayer = { readonly files: LayerFiles; dispose(): void };

/**
 * Walks the tar for the scanners. The files spilled to disk stay there for the scanners to read
 * until dispose() removes them.
 */
export function layerOfTar(scanners: readonly WantsEntries[], tar: Buffer): TarLayer {
  const spillDir = mkdtempSync(join(tmpdir(), 'clairless-tar-layer-'));
  const walk = createLayerWalk(scanners, DEFAULTS.indexer.layerLimits, spillDir);
  const parser = createTarParser(walk.onEntry);
  parser.push(tar);
  parser.end();
  return {
    files: layerFiles(walk.entries),
    dispose: () => rmSync(spillDir, { recursive: true, force: true }),
  };
}

/**
 * A maker of layers for one suite of tests, each kept until disposeAll() (call it in afterEach),
 * for tests that read a layer's files more than once.
 */
export function tarLayers(scanners: readonly WantsEntries[]) {
  const held: TarLayer[] = [];
  return {
    of(tar: Buffer): LayerFiles {
      const layer = layerOfTar(scanners, tar);
      held.push(layer);
      return layer.files;
    },
    disposeAll(): void {
      for (const layer of held.splice(0)) layer.dispose();
    },
  };
}
