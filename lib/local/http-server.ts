import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ApiHandler } from '../http/stack.ts';
import type { Logger } from '../log.ts';
import { toApiGatewayEvent, writeResult } from './api-gateway-event.ts';
import { lambdaContext } from './lambda-context.ts';
import { assertPortFree } from './ports.ts';

/** One API function and the paths API Gateway routes to it. */
export type ServiceRoute = {
  readonly functionName: string;
  /** A path prefix ending in `/`, or an exact path. */
  readonly paths: readonly string[];
  readonly handler: ApiHandler;
};

export type HttpServerOptions = {
  readonly host: string;
  readonly port: number;
  readonly services: readonly ServiceRoute[];
  /** /readyz answers 200 only while this resolves true. */
  readonly ready: () => Promise<boolean>;
  readonly log: Logger;
};

export type RunningHttpServer = { readonly url: string; stop(): Promise<void> };

// API Gateway's own limits, so local behaviour matches the deployed one.
const MAX_PAYLOAD_BYTES = 10 * 2 ** 20;
const INTEGRATION_TIMEOUT_MS = 30_000;

/** Serves the API functions over plain HTTP the way API Gateway does, plus /healthz and /readyz. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  await assertPortFree(options.host, options.port, 'http_listen_addr');
  const server = createServer((req, res) => {
    serve(req, res, options).catch((err: unknown) => {
      options.log.error('http serve fail', { err });
      if (!res.headersSent) sendError(res, 500, 'internal-error', 'internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host || undefined, port: options.port }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost =
    options.host === '' || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz') {
    res
      .writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
      .end('ok\n');
    return;
  }
  if (path === '/readyz') {
    const ready = await options.ready().catch(() => false);
    res.writeHead(ready ? 200 : 503, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(ready ? 'ready\n' : 'not ready\n');
    return;
  }
  const service = options.services.find((s) =>
    s.paths.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p)),
  );
  if (service === undefined) {
    sendError(res, 404, 'not-found', `no resource at ${path}`);
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    sendError(
      res,
      413,
      'payload-too-large',
      `request body is over API Gateway's ${MAX_PAYLOAD_BYTES} byte limit`,
    );
    return;
  }
  const event = toApiGatewayEvent(req, body, `ANY ${path}`);
  const result = await service.handler(event, lambdaContext(service.functionName, INTEGRATION_TIMEOUT_MS));
  writeResult(res, result);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify({ code, message }));
}
