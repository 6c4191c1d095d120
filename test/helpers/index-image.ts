import assert from 'node:assert/strict';
import type { LayerServer } from './layer-server.ts';
import { type Blob, digestOf } from './layers.ts';

/**
 * POSTs a one-layer image to a running API and checks it is indexed to the end; answers the
 * manifest digest.
 */
export async function indexImage(apiUrl: string, layers: LayerServer, layer: Blob): Promise<string> {
  const manifest = {
    hash: digestOf(Buffer.from(layer.digest)),
    layers: [{ hash: layer.digest, uri: layers.uri(layer), headers: {} }],
  };
  const res = await fetch(`${apiUrl}/indexer/api/v1/index_report`, {
    method: 'POST',
    body: JSON.stringify(manifest),
  });
  const body = await res.text();
  assert.equal(res.status, 201, body.slice(0, 2000));
  assert.equal((JSON.parse(body) as { state: string }).state, 'IndexFinished', body.slice(0, 2000));
  return manifest.hash;
}
