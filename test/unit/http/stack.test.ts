import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { parse } from 'yaml';
import { parseConfig } from '../../../lib/config/load.ts';
import type { Route } from '../../../lib/http/router.ts';
import { createApiHandler } from '../../../lib/http/stack.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { type ApiEventInput, apiEvent } from '../../helpers/events.ts';
import { indexerApiWithoutStore } from '../../helpers/indexer-api.ts';
import { captureLog } from '../../helpers/log.ts';

const config = parseConfig('http: {max_body_bytes: 2048}', 'test.yaml', {}).config;

const OPENAPI_YAML = readFileSync(join(import.meta.dirname, '../../../lib/http/openapi.yaml'), 'utf8');
const OPENAPI_ETAG = `"${createHash('sha256').update(OPENAPI_YAML).digest('hex')}"`;

const ERROR_HEADERS = {
  'content-type': 'application/json',
  'x-content-type-options': 'nosniff',
  vary: 'accept-encoding',
};

// More than 1 MiB once serialised.
const BIG = Array.from({ length: 40_000 }, (_, i) => ({ name: `package-${i}`, version: `1.0.${i}` }));

const testRoutes: Route[] = [
  {
    path: '/test/echo/{name}',
    produces: ['application/vnd.test.v1+json', 'application/json'],
    methods: {
      POST: async (req) => ({
        status: 200,
        json: { params: req.params, mediaType: req.mediaType, body: req.body },
      }),
    },
  },
  {
    path: '/test/boom',
    methods: {
      GET: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.5:5432 as user clair');
      },
    },
  },
  {
    path: '/test/loop',
    methods: {
      GET: async () => {
        const err = new Error('outer');
        err.cause = new Error('inner', { cause: err });
        throw err;
      },
    },
  },
  { path: '/test/big', methods: { GET: async () => ({ status: 200, json: BIG }) } },
];

type Result = APIGatewayProxyStructuredResultV2;

function setup() {
  const { log, entries } = captureLog();
  const deps = { config, log };
  return {
    entries,
    indexer: indexerApiWithoutStore(config, log),
    test: createApiHandler('test', testRoutes, deps),
  };
}

const context = (): Context => lambdaContext('test', 30_000);

async function call(
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<Result>,
  input: ApiEventInput,
  patch: Partial<APIGatewayProxyEventV2> = {},
): Promise<Result> {
  return handler({ ...apiEvent(input), ...patch }, context());
}

/** The response with its body parsed as JSON, to compare whole. */
function withJsonBody(res: Result): Omit<Result, 'body'> & { body: unknown } {
  return { ...res, body: JSON.parse(res.body ?? '') };
}

const MANIFEST = JSON.stringify({
  hash: `sha256:${'a'.repeat(64)}`,
  layers: [{ hash: `sha256:${'b'.repeat(64)}`, uri: 'https://registry.example/blob', headers: {} }],
});

describe('API stack', () => {
  describe('routing', () => {
    it('answers 404 for an unknown path', async () => {
      const res = await call(setup().indexer, { path: '/indexer/api/v1/nothing' });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 404,
        headers: ERROR_HEADERS,
        body: { code: 'not-found', message: 'no resource at /indexer/api/v1/nothing' },
      });
    });

    it('answers 405 with an Allow header for a method the path lacks', async () => {
      const res = await call(setup().indexer, { method: 'PUT', path: '/indexer/api/v1/index_report' });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 405,
        headers: { ...ERROR_HEADERS, allow: 'POST, DELETE' },
        body: {
          code: 'method-not-allowed',
          message: 'method PUT is not allowed on /indexer/api/v1/index_report: want POST or DELETE',
        },
      });
    });

    it('passes decoded path parameters to the route', async () => {
      const res = await call(setup().test, { method: 'POST', path: '/test/echo/a%20b' });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 200,
        headers: { 'content-type': 'application/vnd.test.v1+json', vary: 'accept-encoding' },
        body: { params: { name: 'a b' }, mediaType: 'application/vnd.test.v1+json' },
      });
    });
  });

  describe('request bodies', () => {
    it('rejects malformed JSON with the line and column', async () => {
      const res = await call(setup().indexer, {
        method: 'POST',
        path: '/indexer/api/v1/index_report',
        body: '{"hash": "sha256:aa",}',
      });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 400,
        headers: ERROR_HEADERS,
        body: {
          code: 'bad-request',
          message: 'request body is not valid JSON: unexpected "}" at line 1 column 22',
        },
      });
    });

    it('rejects JSON with an unexpected token with the line and column', async () => {
      const res = await call(setup().indexer, {
        method: 'POST',
        path: '/indexer/api/v1/index_report',
        body: '{\n  "hash": "sha256:aa",\n  "layers": [}\n}',
      });
      const { body, ...rest } = withJsonBody(res);
      const { message, ...error } = body as { message: string };
      assert.deepEqual(rest, { statusCode: 400, headers: ERROR_HEADERS });
      assert.deepEqual(error, { code: 'bad-request' });
      assert.equal(message, 'request body is not valid JSON: unexpected "}" at line 3 column 14');
    });

    it('rejects a manifest whose layer URI is not http(s), naming the field', async () => {
      const manifest = JSON.parse(MANIFEST);
      manifest.layers[0].uri = 'ftp://registry.example/blob';
      const res = await call(setup().indexer, {
        method: 'POST',
        path: '/indexer/api/v1/index_report',
        body: JSON.stringify(manifest),
      });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 400,
        headers: ERROR_HEADERS,
        body: {
          code: 'bad-request',
          message: 'layers[0].uri "ftp://registry.example/blob" is not an absolute http(s) URL',
        },
      });
    });

    it('rejects a body over http.max_body_bytes with 413', async () => {
      const res = await call(setup().indexer, {
        method: 'POST',
        path: '/indexer/api/v1/index_report',
        body: JSON.stringify({ padding: 'x'.repeat(3000) }),
      });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 413,
        headers: ERROR_HEADERS,
        body: {
          code: 'payload-too-large',
          message: 'request body is 3014 bytes: the limit is 2048 (http.max_body_bytes)',
        },
      });
    });

    it('decodes a base64-encoded body', async () => {
      const res = await call(
        setup().test,
        { method: 'POST', path: '/test/echo/x', body: Buffer.from('{"é":1}').toString('base64') },
        { isBase64Encoded: true },
      );
      assert.deepEqual(withJsonBody(res), {
        statusCode: 200,
        headers: { 'content-type': 'application/vnd.test.v1+json', vary: 'accept-encoding' },
        body: { params: { name: 'x' }, mediaType: 'application/vnd.test.v1+json', body: '{"é":1}' },
      });
    });
  });

  describe('content negotiation', () => {
    it('rejects an Accept header that allows no offered type with 415', async () => {
      const res = await call(setup().indexer, {
        path: '/indexer/api/v1/index_state',
        headers: { accept: 'text/html' },
      });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 415,
        headers: ERROR_HEADERS,
        body: {
          code: 'unsupported-media-type',
          message:
            'no acceptable media type for Accept "text/html": this resource is available as ' +
            'application/vnd.clair.index_state.v1+json, application/json',
        },
      });
    });

    it('rejects a malformed Accept header with 400', async () => {
      const res = await call(setup().indexer, {
        path: '/indexer/api/v1/index_state',
        headers: { accept: 'text' },
      });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 400,
        headers: ERROR_HEADERS,
        body: { code: 'bad-request', message: 'malformed Accept header: "text" is not a media range' },
      });
    });

    it('honours header names given in mixed case', async () => {
      const res = await call(setup().test, {
        method: 'POST',
        path: '/test/echo/x',
        headers: { Accept: 'application/json' },
      });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 200,
        headers: { 'content-type': 'application/json', vary: 'accept-encoding' },
        body: { params: { name: 'x' }, mediaType: 'application/json' },
      });
    });
  });

  describe('errors', () => {
    it('answers 500 without the error message for an unexpected error', async () => {
      const res = await call(setup().test, { path: '/test/boom' });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 500,
        headers: ERROR_HEADERS,
        body: { code: 'internal-error', message: 'internal error' },
      });
    });

    it('answers 500 for an error whose cause chain loops back to it', async () => {
      const res = await call(setup().test, { path: '/test/loop' });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 500,
        headers: ERROR_HEADERS,
        body: { code: 'internal-error', message: 'internal error' },
      });
    });

    it('logs the real error of a 500 with the request id', async () => {
      const { test, entries } = setup();
      const ctx = context();
      await test(apiEvent({ path: '/test/boom' }), ctx);
      const failures = entries.filter((e) => e.msg === 'request fail');
      assert.deepEqual(
        failures.map(({ time: _time, ...rest }) => rest),
        [
          {
            level: 'error',
            msg: 'request fail',
            service: 'test',
            request_id: ctx.awsRequestId,
            status: 500,
            err: { name: 'Error', message: 'connect ECONNREFUSED 10.0.0.5:5432 as user clair' },
          },
        ],
      );
    });
  });

  describe('response compression', () => {
    it('gzips a body over 1 MiB when the client accepts gzip', async () => {
      const res = await call(setup().test, { path: '/test/big', headers: { 'accept-encoding': 'gzip, br' } });
      const { body, ...rest } = res;
      assert.deepEqual(rest, {
        statusCode: 200,
        headers: { 'content-type': 'application/json', vary: 'accept-encoding', 'content-encoding': 'gzip' },
        isBase64Encoded: true,
      });
      assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(body ?? '', 'base64')).toString('utf8')), BIG);
    });

    it('sends a large body uncompressed without Accept-Encoding', async () => {
      const res = await call(setup().test, { path: '/test/big' });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 200,
        headers: { 'content-type': 'application/json', vary: 'accept-encoding' },
        body: BIG,
      });
    });

    it('sends a large body uncompressed when gzip has q=0', async () => {
      const res = await call(setup().test, { path: '/test/big', headers: { 'accept-encoding': 'gzip;q=0' } });
      assert.deepEqual(withJsonBody(res), {
        statusCode: 200,
        headers: { 'content-type': 'application/json', vary: 'accept-encoding' },
        body: BIG,
      });
    });

    it('honours Accept-Encoding given in mixed case', async () => {
      const res = await call(setup().test, { path: '/test/big', headers: { 'Accept-Encoding': 'gzip' } });
      const { body: _body, ...rest } = res;
      assert.deepEqual(rest, {
        statusCode: 200,
        headers: { 'content-type': 'application/json', vary: 'accept-encoding', 'content-encoding': 'gzip' },
        isBase64Encoded: true,
      });
    });
  });

  describe('common routes', () => {
    it('serves the OpenAPI document as compact JSON by default', async () => {
      const res = await call(setup().indexer, { path: '/openapi/v1' });
      assert.deepEqual(res, {
        statusCode: 200,
        headers: { 'content-type': 'application/openapi+json', etag: OPENAPI_ETAG, vary: 'accept-encoding' },
        body: JSON.stringify(parse(OPENAPI_YAML)),
      });
    });

    it('serves the OpenAPI document as verbatim YAML when asked for YAML', async () => {
      const res = await call(setup().indexer, {
        path: '/openapi/v1',
        headers: { accept: 'application/yaml' },
      });
      assert.deepEqual(res, {
        statusCode: 200,
        headers: { 'content-type': 'application/yaml', etag: OPENAPI_ETAG, vary: 'accept-encoding' },
        body: OPENAPI_YAML,
      });
    });

    it('answers 304 when If-None-Match equals the OpenAPI ETag', async () => {
      const res = await call(setup().indexer, {
        path: '/openapi/v1',
        headers: { 'If-None-Match': OPENAPI_ETAG },
      });
      assert.deepEqual(res, {
        statusCode: 304,
        headers: { etag: OPENAPI_ETAG, vary: 'accept-encoding' },
        body: '',
      });
    });

    it('serves robots.txt as Clair does', async () => {
      const res = await call(setup().indexer, { path: '/robots.txt' });
      assert.deepEqual(res, {
        statusCode: 200,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          vary: 'accept-encoding',
        },
        body: 'User-agent: *\nDisallow: /\n',
      });
    });
  });

  describe('request logging', () => {
    it('logs one start and one done entry per request under its request id', async () => {
      const { indexer, entries } = setup();
      const ctx = context();
      await indexer(apiEvent({ path: '/robots.txt' }), ctx);
      assert.deepEqual(
        entries.map(({ time: _time, duration_ms: _duration, ...rest }) => rest),
        [
          {
            level: 'info',
            msg: 'request start',
            service: 'indexer',
            request_id: ctx.awsRequestId,
            method: 'GET',
            path: '/robots.txt',
          },
          {
            level: 'info',
            msg: 'request done',
            service: 'indexer',
            request_id: ctx.awsRequestId,
            status: 200,
          },
        ],
      );
    });

    it('logs a rejected request once between its start and done entries', async () => {
      const { indexer, entries } = setup();
      const ctx = context();
      await indexer(apiEvent({ path: '/nothing' }), ctx);
      assert.deepEqual(
        entries.map((e) => [e.msg, e.request_id, e.status]),
        [
          ['request start', ctx.awsRequestId, undefined],
          ['request reject', ctx.awsRequestId, 404],
          ['request done', ctx.awsRequestId, 404],
        ],
      );
    });

    it('keeps the request ids of concurrent requests apart', async () => {
      const { indexer, entries } = setup();
      const [a, b] = [context(), context()];
      await Promise.all([
        indexer(apiEvent({ path: '/robots.txt' }), a),
        indexer(apiEvent({ path: '/x' }), b),
      ]);
      const byRequest = (id: string) =>
        entries
          .filter((e) => e.request_id === id && e.msg !== 'request reject')
          .map((e) => [e.msg, e.status]);
      assert.deepEqual(byRequest(a.awsRequestId), [
        ['request start', undefined],
        ['request done', 200],
      ]);
      assert.deepEqual(byRequest(b.awsRequestId), [
        ['request start', undefined],
        ['request done', 404],
      ]);
    });
  });
});
