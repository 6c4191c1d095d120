import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

export type Feed = {
  readonly body: string | Buffer;
  /** @default a hash of the body */
  readonly etag?: string | null;
  readonly lastModified?: string;
  /** Answer this status instead of the feed. */
  readonly status?: number;
  /** Send only this many bytes of the body (announcing all of them), then reset the connection. */
  readonly cutAfter?: number;
};

export type FeedServer = {
  readonly url: string;
  /** Serves (or, with undefined, stops serving) a path. */
  set(path: string, feed: Feed | undefined): void;
  /** Every request as "METHOD /path". */
  readonly requests: string[];
  close(): Promise<void>;
};

/**
 * Upstream feeds on loopback: GET and HEAD, answering 304 to a matching If-None-Match or
 * If-Modified-Since, as the real feed servers do.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const feeds = new Map<string, Feed>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    const feed = feeds.get(path);
    if (feed === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    if (feed.status !== undefined) {
      res.writeHead(feed.status).end(String(feed.body));
      return;
    }
    const etag =
      feed.etag === null
        ? undefined
        : (feed.etag ?? `"${createHash('sha256').update(feed.body).digest('hex').slice(0, 16)}"`);
    const headers: Record<string, string> = {};
    if (etag !== undefined) headers.etag = etag;
    if (feed.lastModified !== undefined) headers['last-modified'] = feed.lastModified;
    const unchanged =
      (etag !== undefined && req.headers['if-none-match'] === etag) ||
      (etag === undefined &&
        feed.lastModified !== undefined &&
        req.headers['if-modified-since'] === feed.lastModified);
    if (unchanged) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(feed.body)) });
    if (feed.cutAfter !== undefined && req.method !== 'HEAD') {
      res.write(Buffer.from(feed.body).subarray(0, feed.cutAfter), () => res.socket?.resetAndDestroy());
      return;
    }
    res.end(req.method === 'HEAD' ? undefined : feed.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return {
    url,
    set: (path, feed) => {
      if (feed === undefined) feeds.delete(path);
      else feeds.set(path, feed);
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
