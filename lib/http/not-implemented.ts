import { NotImplementedError } from '../errors.ts';
import { parseJsonBody } from './body.ts';
import type { RouteHandler } from './router.ts';

export type NotImplementedOptions = {
  /** The route takes a JSON body: check that it parses, so a malformed one still gets its 400. */
  readonly jsonBody?: boolean;
};

/** A route whose capability is not built yet: 501, never invented data. */
export function notImplemented(capability: string, options: NotImplementedOptions = {}): RouteHandler {
  return async (req) => {
    if (options.jsonBody) parseJsonBody(req);
    throw new NotImplementedError(`${req.method} ${req.path}: ${capability} is not implemented yet`);
  };
}
