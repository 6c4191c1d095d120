import { etag, isNotModified } from './conditional.ts';
import { MEDIA_TYPES } from './media-types.ts';
import { loadOpenApi, type OpenApiDocument } from './openapi.ts';
import type { ApiResponse } from './request.ts';
import type { Route } from './router.ts';

export const ROBOTS_PATH = '/robots.txt';

/** Routes every API function serves: the OpenAPI document and robots.txt. */
export function commonRoutes(): Route[] {
  // Read on the first request for it, not during a function's cold start.
  let openapi: (OpenApiDocument & { tag: string }) | undefined;
  const document = () => {
    if (openapi === undefined) {
      const doc = loadOpenApi();
      openapi = { ...doc, tag: etag(doc.sha256) };
    }
    return openapi;
  };
  return [
    {
      path: '/openapi/v1',
      produces: MEDIA_TYPES.openapi,
      methods: {
        GET: async (req): Promise<ApiResponse> => {
          const { yaml, json, tag } = document();
          const mediaType = req.mediaType ?? MEDIA_TYPES.openapi[0];
          if (isNotModified(req.headers['if-none-match'], tag))
            return { status: 304, headers: { etag: tag } };
          const text = mediaType.endsWith('yaml') ? yaml : json;
          return { status: 200, headers: { 'content-type': mediaType, etag: tag }, text };
        },
      },
    },
    {
      path: ROBOTS_PATH,
      methods: {
        GET: async () => ({
          status: 200,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
          text: 'User-agent: *\nDisallow: /\n',
        }),
      },
    },
  ];
}
