import { withContext } from '../errors.ts';
import { mapLimit } from '../map-limit.ts';
import type { ControllerDeps, IndexRun } from './controller.ts';
import { type FetchedLayer, fetchLayer } from './fetch-layers.ts';
import type { Manifest, ManifestLayer } from './manifest.ts';
import { scannerConfig } from './scanner-config.ts';
import { layersScannedBy } from './store/scanned.ts';
import { storeLayerResults } from './store/store-layer-results.ts';
import type { AnyScanner, ScanContext } from './types.ts';

export type ScanLayersDeps = ControllerDeps & {
  /** Called once every layer needed is downloaded, before the scanners run. */
  readonly onScanStart: () => Promise<void>;
};

type Work = {
  readonly layer: ManifestLayer;
  readonly layerId: string;
  readonly scanners: readonly AnyScanner[];
};

/**
 * FetchLayers and ScanLayers: each layer some pending scanner has not seen, whichever manifest it
 * came in, is downloaded once and walked for exactly those scanners; then each scanner's
 * findings are stored with the layer marked scanned by it.
 */
export async function scanLayers(
  manifest: Manifest,
  run: IndexRun,
  pending: readonly AnyScanner[],
  ids: ReadonlyMap<AnyScanner, string>,
  deps: ScanLayersDeps,
): Promise<void> {
  const layerIds = run.persisted.layerIds;
  const seen = await layersScannedBy(deps.db, layerIds);
  const work = new Map<string, Work>();
  manifest.layers.forEach((layer, i) => {
    const layerId = layerIds[i] as string;
    const scanners = pending.filter((s) => !seen.get(layerId)?.has(ids.get(s) as string));
    if (scanners.length > 0) work.set(layer.hash, { layer, layerId, scanners });
  });
  const fetched: { work: Work; fetchedLayer: FetchedLayer }[] = [];
  const options = { config: deps.config, signal: run.signal, log: deps.log };
  try {
    await mapLimit([...work.values()], deps.config.layerScanConcurrency, async (w) => {
      fetched.push({ work: w, fetchedLayer: await fetchLayer(w.layer, w.scanners, options) });
    });
    await deps.onScanStart();
    await mapLimit(fetched, deps.config.layerScanConcurrency, async ({ work: w, fetchedLayer }) => {
      for (const scanner of w.scanners) {
        const results = await scanOne(scanner, fetchedLayer, w.layer, scanContext(scanner, deps, run.signal));
        await storeLayerResults(deps.db, w.layerId, ids.get(scanner) as string, results);
      }
    });
  } finally {
    await Promise.all(fetched.map((f) => f.fetchedLayer.dispose()));
  }
}

function scanContext(scanner: AnyScanner, deps: ControllerDeps, signal: AbortSignal): ScanContext {
  return {
    config: scannerConfig(scanner, deps.config),
    signal,
    log: deps.log.child({ scanner: scanner.name }),
  };
}

async function scanOne(scanner: AnyScanner, fetched: FetchedLayer, layer: ManifestLayer, ctx: ScanContext) {
  try {
    // Each kind's findings stay tagged with it, so the store knows which tables they go to.
    switch (scanner.kind) {
      case 'package':
        return { kind: scanner.kind, items: await scanner.scan(fetched.files, ctx) } as const;
      case 'distribution':
        return { kind: scanner.kind, items: await scanner.scan(fetched.files, ctx) } as const;
      case 'repository':
        return { kind: scanner.kind, items: await scanner.scan(fetched.files, ctx) } as const;
      case 'file':
        return { kind: scanner.kind, items: await scanner.scan(fetched.files, ctx) } as const;
    }
  } catch (err) {
    throw withContext(err, `${scanner.kind} scanner ${scanner.name} on layer ${layer.hash}`);
  }
}
