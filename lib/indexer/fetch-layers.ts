import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDurationMs } from '../config/duration.ts';
import type { IndexerConfig } from '../config/types.ts';
import type { Logger } from '../log.ts';
import { LayerFetchError } from './errors.ts';
import { httpGet, showUrl } from './fetch/http-get.ts';
import type { NetworkPolicy } from './fetch/network-guard.ts';
import { readLayer } from './fetch/read-layer.ts';
import { type LayerFiles, layerFiles } from './layer-files.ts';
import { createLayerWalk } from './layer-walk.ts';
import type { ManifestLayer } from './manifest.ts';
import type { AnyScanner } from './types.ts';

/** A layer downloaded and walked once, holding what its scanners asked for until they have run. */
export type FetchedLayer = {
  readonly layer: ManifestLayer;
  readonly files: LayerFiles;
  /** Removes the temporary files of the walk. */
  dispose(): Promise<void>;
};

export type FetchLayerOptions = {
  readonly config: IndexerConfig;
  readonly signal: AbortSignal;
  readonly log: Logger;
};

/** The network policy the config asks for: airgap keeps fetches private, allow_private_networks opens them. */
export function networkPolicy(config: IndexerConfig): NetworkPolicy {
  if (config.airgap) return 'private';
  return config.allowPrivateNetworks ? 'any' : 'public';
}

/** Downloads one layer and walks it for the scanners, in one streaming pass. */
export async function fetchLayer(
  layer: ManifestLayer,
  scanners: readonly AnyScanner[],
  options: FetchLayerOptions,
): Promise<FetchedLayer> {
  const { config, log } = options;
  const started = Date.now();
  const spillDir = await mkdtemp(join(tmpdir(), 'clairless-layer-'));
  const walk = createLayerWalk(scanners, config.layerLimits, spillDir);
  const dispose = () => rm(spillDir, { recursive: true, force: true });
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(config.layerFetch.timeoutMs)]);
  try {
    const body = await httpGet(layer.uri, layer.headers, {
      policy: networkPolicy(config),
      connectTimeoutMs: config.layerFetch.connectTimeoutMs,
      idleTimeoutMs: config.layerFetch.idleTimeoutMs,
      retries: config.layerFetch.retries,
      signal,
      log,
    });
    const read = await readLayer(body, {
      digest: layer.hash,
      maxCompressedBytes: config.layerFetch.maxBytes,
      limits: config.layerLimits,
      onEntry: walk.onEntry,
    });
    log.info('layer fetch done', {
      layer: layer.hash,
      url: showUrl(new URL(layer.uri)),
      compression: read.compression,
      compressed_bytes: read.compressedBytes,
      uncompressed_bytes: read.uncompressedBytes,
      kept: walk.entries.size,
      duration_ms: Date.now() - started,
    });
    return { layer, files: layerFiles(walk.entries), dispose };
  } catch (err) {
    walk.abort();
    await dispose();
    if (signal.aborted && !options.signal.aborted) {
      throw new LayerFetchError(
        `layer ${layer.hash}: download took longer than indexer.layer_fetch.timeout (${formatDurationMs(config.layerFetch.timeoutMs)})`,
        { cause: err },
      );
    }
    throw err;
  }
}
