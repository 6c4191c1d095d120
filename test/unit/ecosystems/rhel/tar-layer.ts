// The LayerFiles a scanner gets from a real layer tar, made by the indexer's own walk
// (lib/indexer/layer-walk.ts) so entries are kept exactly as far as the scanners ask for them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../../lib/config/defaults.ts';
import { type LayerFiles, layerFiles } from '../../../../lib/indexer/layer-files.ts';
import { createLayerWalk, type WantsEntries } from '../../../../lib/indexer/layer-walk.ts';
import { createTarParser } from '../../../../lib/indexer/tar/tar-parser.ts';

export type TarLayer = { readonly files: LayerFiles; dispose(): void };

/** Walks the tar for the scanners; dispose() removes the files spilled to disk. */
export function layerOfTar(scanners: readonly WantsEntries[], tar: string): TarLayer {
  const spillDir = mkdtempSync(join(tmpdir(), 'clairless-rhel-layer-'));
  const walk = createLayerWalk(scanners, DEFAULTS.indexer.layerLimits, spillDir);
  const parser = createTarParser(walk.onEntry);
  parser.push(readFileSync(tar));
  parser.end();
  return {
    files: layerFiles(walk.entries),
    dispose: () => rmSync(spillDir, { recursive: true, force: true }),
  };
}
