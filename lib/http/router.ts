import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { MethodNotAllowedError, PayloadTooLargeError } from './errors.ts';
import { negotiate } from './negotiate.ts';
import { type ApiRequest, type ApiResponse, bodyText } from './request.ts';

export type RouteHandler = (req: ApiRequest) => Promise<ApiResponse>;

export type Route = {
  /** Path pattern; `{name}` matches one segment. A trailing slash is optional when matching. */
  readonly path: string;
  /** Response media types for content negotiation, the default first. */
  readonly produces?: readonly string[];
  readonly methods: Readonly<Partial<Record<string, RouteHandler>>>;
};

export type RouterOptions = {
  /** Bodies larger than this are refused with 413 before any handler runs. */
  readonly maxBodyBytes: number;
};

type Match = { readonly route: Route; readonly params: Record<string, string> };

const trimSlash = (path: string): string =>
  path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;

/** The route whose pattern matches path, with its parameters. */
export function matchRoute(routes: readonly Route[], path: string): Match | undefined {
  const segments = trimSlash(path).split('/');
  for (const route of routes) {
    const pattern = trimSlash(route.path).split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((part, i) => {
      const segment = segments[i] as string;
      if (part.startsWith('{') && part.endsWith('}')) {
        params[part.slice(1, -1)] = decodeSegment(segment);
        return segment !== '';
      }
      return part === segment;
    });
    if (ok) return { route, params };
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidInputError(`path segment ${JSON.stringify(segment)} is not valid percent-encoding`);
  }
}

/**
 * Dispatches an API Gateway v2 event through the route table: 404 for an unknown path, 405 for a
 * method the path does not have, 413 for a body too large, 415 when no offered type is acceptable.
 */
export function createRouter(routes: readonly Route[], options: RouterOptions) {
  return async (
    event: APIGatewayProxyEventV2,
    signal: AbortSignal,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const path = event.rawPath;
    const method = event.requestContext.http.method.toUpperCase();
    const match = matchRoute(routes, path);
    if (match === undefined) throw new NotFoundError(`no resource at ${path}`);
    const handler = match.route.methods[method];
    if (handler === undefined)
      throw new MethodNotAllowedError(method, path, Object.keys(match.route.methods));
    const body = bodyText(event);
    if (body !== undefined && Buffer.byteLength(body) > options.maxBodyBytes) {
      throw new PayloadTooLargeError(
        `request body is ${Buffer.byteLength(body)} bytes: the limit is ${options.maxBodyBytes} (http.max_body_bytes)`,
      );
    }
    const headers = event.headers ?? {};
    const produces = match.route.produces;
    const mediaType = produces === undefined ? undefined : negotiate(headers.accept, produces);
    const response = await handler({
      method,
      path,
      params: match.params,
      query: new URLSearchParams(event.rawQueryString ?? ''),
      headers,
      body,
      mediaType,
      signal,
    });
    return toResult(response, mediaType);
  };
}

function toResult(response: ApiResponse, mediaType: string | undefined): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...response.headers };
  if (response.json !== undefined) {
    headers['content-type'] ??= mediaType ?? 'application/json';
    return { statusCode: response.status, headers, body: JSON.stringify(response.json) };
  }
  return { statusCode: response.status, headers, body: response.text ?? '' };
}
