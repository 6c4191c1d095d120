import { etag, isNotModified } from './conditional.ts';
import { MEDIA_TYPES } from './media-types.ts';
import { loadOpenApi } from './openapi.ts';
import type { ApiResponse } from './request.ts';
import type { Route } from './router.ts';

export const ROBOTS_PATH = '/robots.txt';

/** Routes every API function serves: the OpenAPI document and robots.txt. */
export function commonRoutes(): Route[] {
  const openapi = loadOpenApi();
  const tag = etag(openapi.sha256);
  return [
    {
      path: '/openapi/v1',
      produces: MEDIA_TYPES.openapi,
      methods: {
        GET: async (req): Promise<ApiResponse> => {
          const mediaType = req.mediaType ?? MEDIA_TYPES.openapi[0];
          if (isNotModified(req.headers['if-none-match'], tag))
            return { status: 304, headers: { etag: tag } };
          const text = mediaType.endsWith('yaml') ? openapi.yaml : openapi.json;
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
