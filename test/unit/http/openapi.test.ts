import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../lib/config/load.ts';
import { commonRoutes } from '../../../lib/http/common-routes.ts';
import { loadOpenApi } from '../../../lib/http/openapi.ts';
import type { Route } from '../../../lib/http/router.ts';
import { indexerRoutes } from '../../../lib/indexer/api.ts';
import { matcherRoutes } from '../../../lib/matcher/api.ts';
import { notifierRoutes } from '../../../lib/notifier/api.ts';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

// Route tables only: no handler runs, so the dependencies are never used.
const indexer = indexerRoutes({} as Parameters<typeof indexerRoutes>[0]);
const matcher = matcherRoutes({
  config: parseConfig('', 'test.yaml', {}).config,
} as Parameters<typeof matcherRoutes>[0]);
const notifier = notifierRoutes({} as Parameters<typeof notifierRoutes>[0]);
const routes: Route[] = [...indexer, ...matcher, ...notifier, ...commonRoutes()];

/** "<method> <path>" for every operation the route tables serve. */
const routed = routes.flatMap((route) =>
  Object.keys(route.methods).map((method) => `${method.toLowerCase()} ${route.path}`),
);

/** "<method> <path>" for every operation the document describes. */
const documented = Object.entries(loadOpenApi().paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((key) => HTTP_METHODS.has(key))
    .map((method) => `${method} ${path}`),
);

/** Every `$ref` value in a parsed document. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

/** The value a local JSON pointer (`#/a/b`) names, or undefined. */
function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

describe('OpenAPI document', () => {
  it('describes every routed path and method', () => {
    assert.deepEqual(
      routed.filter((op) => !documented.includes(op)),
      [],
    );
  });

  it('describes no operation without a route', () => {
    assert.deepEqual(
      documented.filter((op) => !routed.includes(op)),
      [],
    );
  });

  it('resolves every $ref to an existing component', () => {
    const doc: unknown = JSON.parse(loadOpenApi().json);
    const refs = refsIn(doc);
    assert.ok(refs.length > 0, 'the document has no $ref');
    assert.deepEqual(
      refs.filter((ref) => !ref.startsWith('#/components/') || resolve(doc, ref) === undefined),
      [],
    );
  });
});
