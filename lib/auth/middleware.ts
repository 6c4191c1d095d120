import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UnauthorizedError } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import type { Verifier } from './verify.ts';

export type AuthOptions = {
  /** Undefined leaves the API open (no `auth` section in the config). */
  readonly verifier: Verifier | undefined;
  /** Paths served without a token, as Clair serves /robots.txt. */
  readonly publicPaths: readonly string[];
  readonly log: Logger;
};

/** The bearer token in an Authorization header value; the scheme is matched case-insensitively. */
export function bearerToken(authorization: string | undefined): string | undefined {
  for (const value of (authorization ?? '').split(',')) {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(value);
    if (match !== null) return match[1];
  }
  return undefined;
}

/** Refuses requests without a valid token by throwing UnauthorizedError (401 from the error handler). */
export function authMiddleware(options: AuthOptions): MiddlewareObj<APIGatewayProxyEventV2> {
  const authBefore = async (request: Request<APIGatewayProxyEventV2>): Promise<void> => {
    if (options.verifier === undefined || options.publicPaths.includes(request.event.rawPath)) return;
    const token = bearerToken(request.event.headers?.authorization);
    if (token === undefined)
      throw new UnauthorizedError('missing bearer token: want "Authorization: Bearer <jwt>"');
    const claims = await options.verifier(token);
    options.log.debug('auth accept', { iss: claims.iss });
  };
  return { before: authBefore };
}
