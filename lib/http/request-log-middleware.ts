import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '../log.ts';

type ApiRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

export type RequestLogOptions = { readonly log: Logger };

/** One line when a request starts and one when it is answered, with status and duration. */
export function requestLogMiddleware(
  options: RequestLogOptions,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const started = new WeakMap<object, number>();
  const requestLogBefore = (request: ApiRequest): void => {
    started.set(request, Date.now());
    const { method } = request.event.requestContext.http;
    options.log.info('request start', { method, path: request.event.rawPath });
  };
  const requestLogDone = (request: ApiRequest): void => {
    const duration_ms = Date.now() - (started.get(request) ?? Date.now());
    options.log.info('request done', { status: request.response?.statusCode, duration_ms });
  };
  return { before: requestLogBefore, after: requestLogDone, onError: requestLogDone };
}
