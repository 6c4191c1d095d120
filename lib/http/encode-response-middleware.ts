import { gzipSync } from 'node:zlib';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type ApiRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

export type EncodeResponseOptions = {
  /** Bodies at least this large are gzipped when the client accepts it. @default 1 MiB */
  readonly minBytes?: number;
};

/** True when Accept-Encoding allows gzip (by name or `*`) with a non-zero weight. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const gzip = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*');
  return gzip !== undefined && gzip > 0;
}

/**
 * Gzips large bodies, since a Lambda response may be at most 6 MB. Runs in after and onError, so
 * error bodies are treated alike.
 */
export function encodeResponseMiddleware(
  options: EncodeResponseOptions = {},
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const minBytes = options.minBytes ?? 2 ** 20;
  const encodeResponseAfter = (request: ApiRequest): void => {
    const response = request.response;
    if (response?.body === undefined || response.isBase64Encoded) return;
    const headers = { ...response.headers, vary: 'accept-encoding' };
    const body = Buffer.from(response.body);
    if (body.length < minBytes || !acceptsGzip(request.event.headers?.['accept-encoding'])) {
      request.response = { ...response, headers };
      return;
    }
    request.response = {
      ...response,
      headers: { ...headers, 'content-encoding': 'gzip' },
      body: gzipSync(body, { chunkSize: 2 ** 20 }).toString('base64'),
      isBase64Encoded: true,
    };
  };
  return { after: encodeResponseAfter, onError: encodeResponseAfter };
}
