import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { authMiddleware } from '../auth/middleware.ts';
import { createVerifier } from '../auth/verify.ts';
import type { Config } from '../config/types.ts';
import { type Logger, withLogFields } from '../log.ts';
import { commonRoutes, ROBOTS_PATH } from './common-routes.ts';
import { encodeResponseMiddleware } from './encode-response-middleware.ts';
import { errorHandlerMiddleware } from './error-handler-middleware.ts';
import { normalizeHeadersMiddleware } from './normalize-headers-middleware.ts';
import { requestLogMiddleware } from './request-log-middleware.ts';
import { createRouter, type Route } from './router.ts';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export type ApiDeps = {
  readonly config: Config;
  readonly log: Logger;
};

/**
 * The Lambda handler of one API function: the shared middy stack around a route table (plus
 * /openapi/v1 and /robots.txt). Lambda, the local runtime and tests all run this same handler.
 */
export function createApiHandler(service: string, routes: readonly Route[], deps: ApiDeps): ApiHandler {
  const log = deps.log.child({ service });
  const router = createRouter([...routes, ...commonRoutes()], {
    maxBodyBytes: deps.config.http.maxBodyBytes,
  });
  const stack = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use([
      requestLogMiddleware({ log }),
      normalizeHeadersMiddleware(),
      authMiddleware({ verifier: createVerifier(deps.config.auth, log), publicPaths: [ROBOTS_PATH], log }),
      encodeResponseMiddleware(),
      errorHandlerMiddleware({ log }),
    ])
    .handler((event, _context, { signal }) => router(event, signal));
  return (event, context) => withLogFields({ request_id: context.awsRequestId }, () => stack(event, context));
}
