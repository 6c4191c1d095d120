import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { parseConfig } from '../../../lib/config/load.ts';
import { ECOSYSTEMS } from '../../../lib/ecosystems/index.ts';
import { scannerSet } from '../../../lib/indexer/scanner-set.ts';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { apiEvent } from '../../helpers/events.ts';
import { indexerApiWithoutStore } from '../../helpers/indexer-api.ts';
import { captureLog } from '../../helpers/log.ts';

// c2VjcmV0 is base64 for "secret".
const AUTH_YAML = 'auth:\n  psk:\n    key: c2VjcmV0\n    iss: [quay]\n';
const PSK = new TextEncoder().encode('secret');
const INDEX_STATE = '/indexer/api/v1/index_state';

const nowS = (): number => Math.floor(Date.now() / 1000);

const hmacToken = (claims: JWTPayload, key: Uint8Array = PSK): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);

/** The indexer API with or without the auth section, and the log it writes. */
function indexerApi(yaml: string) {
  const { log, entries } = captureLog();
  const handler = indexerApiWithoutStore(parseConfig(yaml, 'test.yaml', {}).config, log);
  const call = (
    path: string,
    headers: Record<string, string> = {},
  ): Promise<APIGatewayProxyStructuredResultV2> =>
    handler(apiEvent({ path, headers }), lambdaContext('indexer-api', 30000));
  return { call, entries };
}

/** The parts of an OpenAPI response that do not depend on the document's text. */
const openapiSummary = (res: APIGatewayProxyStructuredResultV2) => {
  const { etag, ...headers } = res.headers ?? {};
  return {
    statusCode: res.statusCode,
    headers,
    etag: /^"[0-9a-f]{64}"$/.test(String(etag)),
    openapi: JSON.parse(res.body ?? '').openapi,
  };
};

const OPENAPI = {
  statusCode: 200,
  headers: { 'content-type': 'application/openapi+json', vary: 'accept-encoding' },
  etag: true,
  openapi: '3.1.0',
};

/** The response with its JSON body parsed, so a whole response compares with deepEqual. */
const parsed = (res: APIGatewayProxyStructuredResultV2) => ({ ...res, body: JSON.parse(res.body ?? '') });

const unauthorized = (message: string) => ({
  statusCode: 401,
  headers: {
    'www-authenticate': 'Bearer error="invalid_token"',
    'content-type': 'application/json',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  },
  body: { code: 'unauthorized', message },
});

// What a request that gets past authentication receives from GET index_state.
const REACHED = {
  statusCode: 200,
  headers: {
    'content-type': 'application/vnd.clair.index_state.v1+json',
    etag: `"${scannerSet(ECOSYSTEMS).state}"`,
    vary: 'accept-encoding',
  },
  body: { state: scannerSet(ECOSYSTEMS).state },
};

const ROBOTS = {
  statusCode: 200,
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  },
  body: 'User-agent: *\nDisallow: /\n',
};

type RejectCase = {
  readonly name: string;
  readonly authorization: () => Promise<string | undefined>;
  readonly want: string;
};

const MISSING = 'missing bearer token: want "Authorization: Bearer <jwt>"';

const rejectCases: readonly RejectCase[] = [
  { name: 'a request without an Authorization header', authorization: async () => undefined, want: MISSING },
  { name: 'a Basic Authorization header', authorization: async () => 'Basic abc', want: MISSING },
  { name: 'a Bearer header without a token', authorization: async () => 'Bearer ', want: MISSING },
  {
    name: 'an unsecured token (alg none)',
    authorization: async () => `Bearer ${new UnsecuredJWT({ iss: 'quay', exp: nowS() + 60 }).encode()}`,
    want: 'token alg "none" is not accepted here',
  },
  {
    name: 'an expired token',
    authorization: async () => `Bearer ${await hmacToken({ iss: 'quay', exp: nowS() - 60 })}`,
    want: 'token has expired',
  },
  {
    name: 'a token from an issuer not in iss',
    authorization: async () => `Bearer ${await hmacToken({ iss: 'mallory', exp: nowS() + 60 })}`,
    want: 'token issuer is not accepted',
  },
  {
    name: 'a token signed with another key',
    authorization: async () =>
      `Bearer ${await hmacToken({ iss: 'quay', exp: nowS() + 60 }, new TextEncoder().encode('other'))}`,
    want: 'token signature does not verify with the key',
  },
];

describe('auth middleware', () => {
  describe('with a pre-shared key', () => {
    for (const { name, authorization, want } of rejectCases) {
      it(`rejects ${name} with 401`, async () => {
        const { call } = indexerApi(AUTH_YAML);
        const header = await authorization();

        const res = await call(INDEX_STATE, header === undefined ? {} : { Authorization: header });

        assert.deepEqual(parsed(res), unauthorized(want));
      });
    }

    it('logs why a request was rejected', async () => {
      const { call, entries } = indexerApi(AUTH_YAML);

      await call(INDEX_STATE, {
        Authorization: `Bearer ${await hmacToken({ iss: 'quay', exp: nowS() - 60 })}`,
      });

      const reject = entries.find((entry) => entry.msg === 'request reject');
      const err = reject?.err as { name?: string; message?: string } | undefined;
      assert.deepEqual(
        { status: reject?.status, name: err?.name, message: err?.message },
        { status: 401, name: 'UnauthorizedError', message: 'token has expired' },
      );
    });

    it('rejects a bad token without echoing it in the body or the log', async () => {
      const { call, entries } = indexerApi(AUTH_YAML);
      const token = await hmacToken({ iss: 'mallory', exp: nowS() + 60 });

      const res = await call(INDEX_STATE, { Authorization: `Bearer ${token}` });

      assert.ok(!res.body?.includes(token), 'token in the body');
      assert.ok(!JSON.stringify(entries).includes(token), 'token in the log');
    });

    it('lets a request with a valid token reach the route', async () => {
      const { call } = indexerApi(AUTH_YAML);
      const token = await hmacToken({ iss: 'quay', exp: nowS() + 60 });

      const res = await call(INDEX_STATE, { Authorization: `Bearer ${token}` });

      assert.deepEqual(parsed(res), REACHED);
    });

    it('serves /openapi/v1 to a request with a valid token', async () => {
      const { call } = indexerApi(AUTH_YAML);
      const token = await hmacToken({ iss: 'quay', exp: nowS() + 60 });

      const res = await call('/openapi/v1', { Authorization: `Bearer ${token}` });

      assert.deepEqual(openapiSummary(res), OPENAPI);
    });

    it('accepts the bearer scheme in any letter case', async () => {
      const { call } = indexerApi(AUTH_YAML);
      const token = await hmacToken({ iss: 'quay', exp: nowS() + 60 });

      const res = await call(INDEX_STATE, { authorization: `bEaReR ${token}` });

      assert.deepEqual(parsed(res), REACHED);
    });

    it('serves /robots.txt without a token', async () => {
      const { call } = indexerApi(AUTH_YAML);

      const res = await call('/robots.txt');

      assert.deepEqual(res, ROBOTS);
    });
  });

  describe('without an auth section', () => {
    it('lets a request without a token reach the route', async () => {
      const { call } = indexerApi('');

      const res = await call(INDEX_STATE);

      assert.deepEqual(parsed(res), REACHED);
    });

    it('serves /openapi/v1 without a token', async () => {
      const { call } = indexerApi('');

      const res = await call('/openapi/v1');

      assert.deepEqual(openapiSummary(res), OPENAPI);
    });
  });
});
