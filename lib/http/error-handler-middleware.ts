import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '../log.ts';
import { errorResponse } from './errors.ts';

type ApiRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

export type ErrorHandlerOptions = { readonly log: Logger };

/**
 * Turns any error into Clair's JSON error body. Attached last, so it runs first in onError and
 * the encoding and logging middlewares still see its response. The only place request errors are logged.
 */
export function errorHandlerMiddleware(
  options: ErrorHandlerOptions,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const errorHandlerOnError = (request: ApiRequest): void => {
    if (request.response !== undefined && request.response !== null) return;
    const res = errorResponse(request.error);
    // Error means a human must look; a missing capability (501) is known and only worth a warning.
    if (res.status >= 500 && res.status !== 501)
      options.log.error('request fail', { status: res.status, err: request.error });
    else if (res.status === 501) options.log.warn('request fail', { status: res.status, err: request.error });
    else options.log.info('request reject', { status: res.status, err: request.error });
    request.response = {
      statusCode: res.status,
      headers: {
        ...res.headers,
        'content-type': 'application/json',
        'x-content-type-options': 'nosniff',
      },
      body: JSON.stringify({ code: res.code, message: res.message }),
    };
  };
  return { onError: errorHandlerOnError };
}
