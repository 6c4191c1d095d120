import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { keyserverKeys } from '../../../lib/auth/keyserver-keys.ts';
import { createVerifier, type Verifier } from '../../../lib/auth/verify.ts';
import type { AuthConfig, KeyserverConfig } from '../../../lib/config/types.ts';
import { UnauthorizedError } from '../../../lib/http/errors.ts';
import { rejection } from '../../helpers/auth.ts';
import { freePort } from '../../helpers/free-port.ts';
import { captureLog } from '../../helpers/log.ts';

const PREFIX = '/keyserver/services/quay/keys/';
const PSK = new TextEncoder().encode('the pre-shared key of this test!');

const nowS = (): number => Math.floor(Date.now() / 1000);

let server: Server;
/** Base URL of the keyserver, ending in `/keyserver/`. */
let api: string;
/** Paths the keyserver was asked for since the last test began. */
let requests: string[] = [];
let privateKey: CryptoKey;
let publicPem: string;
let rsaJwk: string;
let ecJwk: string;

/**
 * Quay's keyserver for issuer quay: kids starting `approved` are served with max-age=60,
 * `no-max-age` and `long-lived` with no and a day's max-age, the rest as named.
 */
function answer(path: string): { status: number; headers?: Record<string, string>; body?: string } {
  if (!path.startsWith(PREFIX)) return { status: 404 };
  const kid = path.slice(PREFIX.length);
  if (kid.startsWith('approved'))
    return { status: 200, headers: { 'cache-control': 'max-age=60' }, body: rsaJwk };
  if (kid === 'no-max-age') return { status: 200, body: rsaJwk };
  if (kid === 'long-lived')
    return { status: 200, headers: { 'cache-control': 'max-age=86400' }, body: rsaJwk };
  if (kid === 'pending') return { status: 409 };
  if (kid === 'expired') return { status: 403 };
  if (kid === 'broken') return { status: 500 };
  if (kid === 'ec') return { status: 200, body: ecJwk };
  if (kid === 'not-json') return { status: 200, body: '<html>hello</html>' };
  return { status: 404 };
}

before(async () => {
  const rsa = await generateKeyPair('RS256');
  privateKey = rsa.privateKey;
  publicPem = await exportSPKI(rsa.publicKey);
  rsaJwk = JSON.stringify(await exportJWK(rsa.publicKey));
  ecJwk = JSON.stringify(await exportJWK((await generateKeyPair('ES256')).publicKey));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const { status, headers = {}, body = '' } = answer(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keyserver/`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  requests = [];
});

const rsaToken = (claims: JWTPayload, kid?: string, key: CryptoKey = privateKey): Promise<string> =>
  new SignJWT(claims)
    .setProtectedHeader(kid === undefined ? { alg: 'RS256' } : { alg: 'RS256', kid })
    .sign(key);

const verifierFor = (keyserver: Partial<KeyserverConfig> = {}, psk?: AuthConfig['psk']): Verifier => {
  const auth: AuthConfig = {
    psk,
    keyserver: { api, intraservice: undefined, audience: undefined, ...keyserver },
  };
  const verify = createVerifier(auth, captureLog().log);
  assert.ok(verify !== undefined, 'want a verifier');
  return verify;
};

describe('keyserver token verification', () => {
  it('accepts an RS256 token whose key the keyserver approves', async () => {
    const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 }, 'approved');

    const claims = await verifierFor()(token);

    assert.equal(claims.iss, 'quay');
  });

  it('fetches the key from services/<iss>/keys/<kid> under the api path', async () => {
    const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 }, 'approved');

    await verifierFor()(token);

    assert.deepEqual(requests, [`${PREFIX}approved`]);
  });

  it('fetches the key under an api path given without a trailing slash', async () => {
    const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 }, 'approved');

    await verifierFor({ api: api.slice(0, -1) })(token);

    assert.deepEqual(requests, [`${PREFIX}approved`]);
  });

  it('verifies a second token with the same key without asking the keyserver again', async () => {
    const verify = verifierFor();
    await verify(await rsaToken({ iss: 'quay', exp: nowS() + 60 }, 'approved'));

    await verify(await rsaToken({ iss: 'quay', exp: nowS() + 120 }, 'approved'));

    assert.equal(requests.length, 1);
  });

  it('rejects an RS256 token without kid', async () => {
    const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 });

    const err = await rejection(verifierFor(), token);

    assert.equal(err.message, 'token header has no kid');
  });

  it('rejects an RS256 token without iss', async () => {
    const token = await rsaToken({ exp: nowS() + 60 }, 'approved');

    const err = await rejection(verifierFor(), token);

    assert.equal(err.message, 'token has no iss claim');
  });

  const keyserverCases = [
    { kid: 'pending', want: 'token key is awaiting approval at the keyserver' },
    { kid: 'expired', want: 'token key has expired at the keyserver' },
    { kid: 'unknown', want: 'token key is unknown to the keyserver' },
    { kid: 'broken', want: 'keyserver answered status 500' },
    { kid: 'ec', want: 'keyserver answered something that is not an RSA JWK' },
    { kid: 'not-json', want: 'keyserver answered something that is not an RSA JWK' },
  ];
  for (const { kid, want } of keyserverCases) {
    it(`rejects a token whose key is ${kid} at the keyserver`, async () => {
      const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 }, kid);

      const err = await rejection(verifierFor(), token);

      assert.equal(err.message, want);
    });
  }

  it('rejects a token when the keyserver is unreachable', async () => {
    const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 }, 'approved');
    const closed = `http://127.0.0.1:${await freePort()}/`;

    const err = await rejection(verifierFor({ api: closed }), token);

    assert.equal(err.message, 'keyserver is unreachable, so the token cannot be verified');
  });

  it('rejects a token signed with another RSA key under an approved kid', async () => {
    const other = await generateKeyPair('RS256');
    const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 }, 'approved', other.privateKey);

    const err = await rejection(verifierFor(), token);

    assert.equal(err.message, 'token signature does not verify with the key');
  });

  it('rejects an expired RS256 token', async () => {
    const token = await rsaToken({ iss: 'quay', exp: nowS() - 60 }, 'approved');

    const err = await rejection(verifierFor(), token);

    assert.equal(err.message, 'token has expired');
  });

  it('rejects an RS256 token without exp', async () => {
    const token = await rsaToken({ iss: 'quay' }, 'approved');

    const err = await rejection(verifierFor(), token);

    assert.equal(err.message, 'token claim "exp" is invalid: missing');
  });

  // The URL is resolved, so a dot segment would leave services/<iss>/keys/ on the keyserver.
  for (const [iss, kid] of [
    ['..', 'approved'],
    ['quay', '..'],
  ] as const) {
    it(`rejects iss ${JSON.stringify(iss)} with kid ${JSON.stringify(kid)} without asking the keyserver`, async () => {
      const token = await rsaToken({ iss, exp: nowS() + 60 }, kid);

      await rejection(verifierFor(), token);

      assert.deepEqual(requests, []);
    });
  }

  describe('with an audience', () => {
    it('accepts a token for the configured audience', async () => {
      const token = await rsaToken({ iss: 'quay', aud: 'clair', exp: nowS() + 60 }, 'approved');

      const claims = await verifierFor({ audience: ['clair'] })(token);

      assert.equal(claims.aud, 'clair');
    });

    it('rejects a token for another audience', async () => {
      const token = await rsaToken({ iss: 'quay', aud: 'registry', exp: nowS() + 60 }, 'approved');

      const err = await rejection(verifierFor({ audience: ['clair'] }), token);

      assert.equal(err.message, 'token audience is not accepted');
    });

    it('rejects a token without aud', async () => {
      const token = await rsaToken({ iss: 'quay', exp: nowS() + 60 }, 'approved');

      const err = await rejection(verifierFor({ audience: ['clair'] }), token);

      assert.equal(err.message, 'token audience is not accepted');
    });
  });

  describe('HMAC/RSA key confusion', () => {
    const hmacToken = (secret: Uint8Array): Promise<string> =>
      new SignJWT({ iss: 'quay', exp: nowS() + 60 })
        .setProtectedHeader({ alg: 'HS256', kid: 'approved' })
        .sign(secret);
    const pem = (): Uint8Array => new TextEncoder().encode(publicPem);
    const der = (): Uint8Array => Buffer.from(publicPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const psk = { key: PSK, issuers: ['quay'] };

    it('rejects an HS256 token keyed with the PEM of the keyserver key', async () => {
      const err = await rejection(verifierFor({}, psk), await hmacToken(pem()));

      assert.equal(err.message, 'token signature does not verify with the key');
    });

    it('rejects an HS256 token keyed with the SPKI bytes of the keyserver key', async () => {
      const err = await rejection(verifierFor({}, psk), await hmacToken(der()));

      assert.equal(err.message, 'token signature does not verify with the key');
    });

    it('rejects an HS256 token keyed with the PEM when only a keyserver is configured', async () => {
      const err = await rejection(verifierFor(), await hmacToken(pem()));

      assert.equal(err.message, 'HMAC tokens are not accepted here: no pre-shared key is configured');
    });
  });
});

describe('keyserver key cache', () => {
  /** A clock the test moves by hand. */
  const clock = { ms: 0 };
  const fetches = (kid: string): number => requests.filter((path) => path === `${PREFIX}${kid}`).length;
  const keysWith = (options: { failureTtlMs?: number; maxEntries?: number; defaultTtlMs?: number } = {}) =>
    keyserverKeys({ api, log: captureLog().log, now: () => clock.ms, ...options });

  beforeEach(() => {
    clock.ms = 0;
  });

  it('answers the public RSA key', async () => {
    const key = await keysWith()('quay', 'approved');

    assert.ok(!(key instanceof Uint8Array), 'want a CryptoKey');
    assert.equal(key.type, 'public');
    assert.equal(key.algorithm.name, 'RSASSA-PKCS1-v1_5');
  });

  it('keeps a key for its max-age and fetches it again after', async () => {
    const keys = keysWith();
    await keys('quay', 'approved');
    clock.ms = 59_999;
    await keys('quay', 'approved');
    const beforeExpiry = fetches('approved');

    clock.ms = 60_000;
    await keys('quay', 'approved');

    assert.deepEqual([beforeExpiry, fetches('approved')], [1, 2]);
  });

  it('keeps a key without max-age for defaultTtlMs', async () => {
    const keys = keysWith({ defaultTtlMs: 1000 });
    await keys('quay', 'no-max-age');
    clock.ms = 999;
    await keys('quay', 'no-max-age');
    const beforeExpiry = fetches('no-max-age');

    clock.ms = 1000;
    await keys('quay', 'no-max-age');

    assert.deepEqual([beforeExpiry, fetches('no-max-age')], [1, 2]);
  });

  it('keeps a key at most an hour whatever its max-age', async () => {
    const keys = keysWith();
    await keys('quay', 'long-lived');

    clock.ms = 3_600_000;
    await keys('quay', 'long-lived');

    assert.equal(fetches('long-lived'), 2);
  });

  it('remembers a failed lookup for failureTtlMs and then asks again', async () => {
    const keys = keysWith({ failureTtlMs: 1000 });
    await assert.rejects(keys('quay', 'pending'), UnauthorizedError);
    clock.ms = 999;
    await assert.rejects(keys('quay', 'pending'), UnauthorizedError);
    const beforeExpiry = fetches('pending');

    clock.ms = 1000;
    await assert.rejects(keys('quay', 'pending'), UnauthorizedError);

    assert.deepEqual([beforeExpiry, fetches('pending')], [1, 2]);
  });

  it('holds at most maxEntries keys, dropping the oldest first', async () => {
    const keys = keysWith({ maxEntries: 2 });
    await keys('quay', 'approved-1');
    await keys('quay', 'approved-2');
    await keys('quay', 'approved-3');

    await keys('quay', 'approved-3');
    await keys('quay', 'approved-2');
    await keys('quay', 'approved-1');

    assert.deepEqual([fetches('approved-1'), fetches('approved-2'), fetches('approved-3')], [2, 1, 1]);
  });

  it('shares one fetch between concurrent lookups of one key', async () => {
    const keys = keysWith();

    const [a, b, c] = await Promise.all([
      keys('quay', 'approved'),
      keys('quay', 'approved'),
      keys('quay', 'approved'),
    ]);

    assert.equal(fetches('approved'), 1);
    assert.ok(a === b && b === c, 'want the same key');
  });

  it('keeps the keys of different issuers apart', async () => {
    const keys = keysWith();
    await keys('quay', 'approved');

    await assert.rejects(keys('clairctl', 'approved'), { message: 'token key is unknown to the keyserver' });

    assert.deepEqual(requests, [`${PREFIX}approved`, '/keyserver/services/clairctl/keys/approved']);
  });
});
