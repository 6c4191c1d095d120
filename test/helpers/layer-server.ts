import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Blob } from './layers.ts';

export type LayerServer = {
  readonly url: string;
  /** The URI of a blob this server holds. */
  uri(blob: Blob): string;
  /** How many GETs each digest received. */
  readonly fetches: Map<string, number>;
  /** Answers a path differently (a status, a redirect): return true when handled. */
  override(handler: (req: IncomingMessage, res: ServerResponse) => boolean): void;
  close(): Promise<void>;
};

/** A registry-like blob server on loopback, counting fetches per blob. */
export async function startLayerServer(blobs: readonly Blob[]): Promise<LayerServer> {
  const byDigest = new Map(blobs.map((b) => [b.digest, b]));
  const fetches = new Map<string, number>();
  let special: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const server = createServer((req, res) => {
    if (special?.(req, res)) return;
    const digest = decodeURIComponent(req.url?.split('/').pop() ?? '');
    const blob = byDigest.get(digest);
    fetches.set(digest, (fetches.get(digest) ?? 0) + 1);
    if (blob === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN"}]}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.bytes.length });
    res.end(blob.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return {
    url,
    uri: (blob) => `${url}/v2/test/blobs/${blob.digest}`,
    fetches,
    override: (handler) => {
      special = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
