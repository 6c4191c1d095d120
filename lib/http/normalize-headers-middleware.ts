import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Header names in lower case, repeated headers joined with ", ", as API Gateway v2 delivers them,
 * whatever built the event (a test, the local runtime, a hand-written invoke).
 */
export function normalizeHeadersMiddleware(): MiddlewareObj<APIGatewayProxyEventV2> {
  const normalizeHeadersBefore = (request: Request<APIGatewayProxyEventV2>): void => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.event.headers ?? {})) {
      if (value === undefined) continue;
      const key = name.toLowerCase();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    request.event.headers = headers;
  };
  return { before: normalizeHeadersBefore };
}
