import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EncryptJWT, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { signIntraserviceToken } from '../../../lib/auth/sign.ts';
import { createVerifier, type Verifier } from '../../../lib/auth/verify.ts';
import type { AuthConfig } from '../../../lib/config/types.ts';
import { rejection } from '../../helpers/auth.ts';
import { captureLog } from '../../helpers/log.ts';

const PSK = new TextEncoder().encode('the pre-shared key of this test!');
const INTRASERVICE = new TextEncoder().encode('the keyserver intraservice key!!');
const OTHER_KEY = new TextEncoder().encode('a key nobody configured, 32 byte');
// Nothing listens here; HMAC tokens never reach the keyserver.
const UNUSED_API = 'http://127.0.0.1:9/';

const pskAuth: AuthConfig = { psk: { key: PSK, issuers: ['quay', 'clairctl'] }, keyserver: undefined };
const keyserverAuth: AuthConfig = {
  psk: undefined,
  keyserver: { api: UNUSED_API, intraservice: INTRASERVICE, audience: undefined },
};

const nowS = (): number => Math.floor(Date.now() / 1000);

/** A token with exactly these claims, signed with key under an HMAC alg. */
const hmacToken = (claims: JWTPayload, key: Uint8Array = PSK, alg = 'HS256'): Promise<string> =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);

const verifierFor = (auth: AuthConfig): Verifier => {
  const verify = createVerifier(auth, captureLog().log);
  assert.ok(verify !== undefined, 'want a verifier');
  return verify;
};

type RejectCase = { readonly name: string; readonly token: () => Promise<string>; readonly want: string };

const rejectCases: readonly RejectCase[] = [
  {
    name: 'a token that is not a JWS',
    token: async () => 'not-a-token',
    want: 'token is malformed: want a compact JWS',
  },
  {
    name: 'a token whose header has no alg',
    token: async () => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ typ: 'JWT' })}.${part({ iss: 'quay', exp: nowS() + 60 })}.`;
    },
    want: 'token header has no alg',
  },
  {
    name: 'an unsecured token (alg none)',
    token: async () => new UnsecuredJWT({ iss: 'quay', exp: nowS() + 60 }).encode(),
    want: 'token alg "none" is not accepted here',
  },
  {
    name: 'a token expired beyond the leeway',
    token: () => hmacToken({ iss: 'quay', exp: nowS() - 60 }),
    want: 'token has expired',
  },
  {
    name: 'a token without exp',
    token: () => hmacToken({ iss: 'quay' }),
    want: 'token claim "exp" is invalid: missing',
  },
  {
    name: 'a token not valid until beyond the leeway',
    token: () => hmacToken({ iss: 'quay', nbf: nowS() + 60, exp: nowS() + 120 }),
    want: 'token is not valid yet',
  },
  {
    name: 'a token issued in the future beyond the leeway',
    token: () => hmacToken({ iss: 'quay', iat: nowS() + 60, exp: nowS() + 120 }),
    want: 'token is issued in the future',
  },
  {
    name: 'a token from an issuer not in iss',
    token: () => hmacToken({ iss: 'mallory', exp: nowS() + 60 }),
    want: 'token issuer is not accepted',
  },
  {
    name: 'a token without iss',
    token: () => hmacToken({ exp: nowS() + 60 }),
    want: 'token issuer is not accepted',
  },
  {
    name: 'a token signed with another key',
    token: () => hmacToken({ iss: 'quay', exp: nowS() + 60 }, OTHER_KEY),
    want: 'token signature does not verify with the key',
  },
  {
    name: 'an RS256 token when no keyserver is configured',
    token: async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT({ iss: 'quay', exp: nowS() + 60 })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .sign(privateKey);
    },
    want: 'token alg "RS256" is not accepted here',
  },
  {
    name: 'an ES256 token',
    token: async () => {
      const { privateKey } = await generateKeyPair('ES256');
      return new SignJWT({ iss: 'quay', exp: nowS() + 60 })
        .setProtectedHeader({ alg: 'ES256' })
        .sign(privateKey);
    },
    want: 'token alg "ES256" is not accepted here',
  },
  {
    name: 'a JWE encrypted with the pre-shared key',
    token: () =>
      new EncryptJWT({ iss: 'quay', exp: nowS() + 60 })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(PSK),
    want: 'token alg "dir" is not accepted here',
  },
];

describe('token verifier', () => {
  it('returns undefined when there is no auth config', () => {
    const verify = createVerifier({ psk: undefined, keyserver: undefined }, captureLog().log);

    assert.equal(verify, undefined);
  });

  describe('with a pre-shared key', () => {
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      it(`accepts an ${alg} token from an issuer in iss`, async () => {
        const token = await hmacToken({ iss: 'clairctl', exp: nowS() + 60 }, PSK, alg);

        const claims = await verifierFor(pskAuth)(token);

        assert.equal(claims.iss, 'clairctl');
      });
    }

    it('accepts a token from clair-intraservice', async () => {
      const token = await hmacToken({ iss: 'clair-intraservice', exp: nowS() + 60 });

      const claims = await verifierFor(pskAuth)(token);

      assert.equal(claims.iss, 'clair-intraservice');
    });

    it('accepts a token made by signIntraserviceToken', async () => {
      const token = await signIntraserviceToken(PSK);

      const claims = await verifierFor(pskAuth)(token);

      assert.equal(claims.iss, 'clair-intraservice');
    });

    it('accepts a token expired within the leeway', async () => {
      const token = await hmacToken({ iss: 'quay', exp: nowS() - 5 });

      const claims = await verifierFor(pskAuth)(token);

      assert.equal(claims.iss, 'quay');
    });

    it('accepts a token not valid until within the leeway', async () => {
      const token = await hmacToken({ iss: 'quay', nbf: nowS() + 5, exp: nowS() + 60 });

      const claims = await verifierFor(pskAuth)(token);

      assert.equal(claims.iss, 'quay');
    });

    it('accepts a token issued in the future within the leeway', async () => {
      const token = await hmacToken({ iss: 'quay', iat: nowS() + 5, exp: nowS() + 60 });

      const claims = await verifierFor(pskAuth)(token);

      assert.equal(claims.iss, 'quay');
    });

    for (const { name, token, want } of rejectCases) {
      it(`rejects ${name}`, async () => {
        const err = await rejection(verifierFor(pskAuth), await token());

        assert.equal(err.message, want);
      });
    }

    it('rejects bad tokens with messages that name neither the key nor the token', async () => {
      const verify = verifierFor(pskAuth);
      const secrets = [Buffer.from(PSK).toString(), Buffer.from(PSK).toString('base64')];

      for (const { name, token } of rejectCases) {
        const text = await token();
        const err = await rejection(verify, text);

        for (const secret of [...secrets, text]) {
          assert.ok(!err.message.includes(secret), `${name}: message ${JSON.stringify(err.message)}`);
        }
      }
    });
  });

  describe('with a keyserver intraservice key', () => {
    it('accepts an HS256 token from clair-intraservice', async () => {
      const token = await hmacToken({ iss: 'clair-intraservice', exp: nowS() + 60 }, INTRASERVICE);

      const claims = await verifierFor(keyserverAuth)(token);

      assert.equal(claims.iss, 'clair-intraservice');
    });

    it('rejects an HS256 token from quay signed with the intraservice key', async () => {
      const token = await hmacToken({ iss: 'quay', exp: nowS() + 60 }, INTRASERVICE);

      const err = await rejection(verifierFor(keyserverAuth), token);

      assert.equal(err.message, 'token issuer is not accepted');
    });

    it('rejects an HS384 token signed with the intraservice key', async () => {
      const token = await hmacToken({ iss: 'clair-intraservice', exp: nowS() + 60 }, INTRASERVICE, 'HS384');

      const err = await rejection(verifierFor(keyserverAuth), token);

      assert.equal(err.message, 'token alg is not accepted');
    });

    it('rejects an HS256 token signed with the pre-shared key of another config', async () => {
      const token = await hmacToken({ iss: 'clair-intraservice', exp: nowS() + 60 }, PSK);

      const err = await rejection(verifierFor(keyserverAuth), token);

      assert.equal(err.message, 'token signature does not verify with the key');
    });

    it('accepts an intraservice token when a pre-shared key is configured too', async () => {
      const token = await hmacToken({ iss: 'clair-intraservice', exp: nowS() + 60 }, INTRASERVICE);
      const both: AuthConfig = { psk: pskAuth.psk, keyserver: keyserverAuth.keyserver };

      const claims = await verifierFor(both)(token);

      assert.equal(claims.iss, 'clair-intraservice');
    });
  });
});
