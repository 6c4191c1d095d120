import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import type { AuthConfig } from '../config/types.ts';
import { UnauthorizedError } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import { joseReason } from './jose-reason.ts';
import { type KeyserverKeys, keyserverKeys } from './keyserver-keys.ts';
import { INTRASERVICE_ISSUER } from './sign.ts';

/** Verifies a bearer token and answers its claims, or throws UnauthorizedError saying why. */
export type Verifier = (token: string) => Promise<JWTPayload>;

/** Quay and Clair allow this much clock skew on exp, nbf and iat. */
export const LEEWAY_S = 15;

const HMAC_ALGS = ['HS256', 'HS384', 'HS512'];

type HmacKey = {
  readonly key: Uint8Array;
  readonly issuers: readonly string[];
  readonly algorithms: string[];
};

/**
 * The verifier for the auth section, or undefined when there is none (the API is open). The
 * token's alg picks the path: HMAC tokens are checked against the shared keys, RS256 tokens
 * against the keyserver; nothing else is accepted, so one kind of key is never used as the other.
 */
export function createVerifier(auth: AuthConfig, log: Logger): Verifier | undefined {
  const hmacKeys: HmacKey[] = [];
  if (auth.psk !== undefined) {
    hmacKeys.push({
      key: auth.psk.key,
      issuers: [...auth.psk.issuers, INTRASERVICE_ISSUER],
      algorithms: HMAC_ALGS,
    });
  }
  if (auth.keyserver?.intraservice !== undefined) {
    hmacKeys.push({
      key: auth.keyserver.intraservice,
      issuers: [INTRASERVICE_ISSUER],
      algorithms: ['HS256'],
    });
  }
  const keyserver = auth.keyserver;
  const keys = keyserver === undefined ? undefined : keyserverKeys({ api: keyserver.api, log });
  if (hmacKeys.length === 0 && keys === undefined) return undefined;
  return async (token) => {
    const alg = algOf(token);
    if (HMAC_ALGS.includes(alg)) return verifyHmac(token, hmacKeys);
    if (alg === 'RS256' && keys !== undefined) return verifyKeyserver(token, keys, keyserver?.audience);
    throw new UnauthorizedError(`token alg ${JSON.stringify(alg)} is not accepted here`);
  };
}

function algOf(token: string): string {
  try {
    const { alg } = decodeProtectedHeader(token);
    if (typeof alg === 'string') return alg;
  } catch (cause) {
    throw new UnauthorizedError('token is malformed: want a compact JWS', { cause });
  }
  throw new UnauthorizedError('token header has no alg');
}

const baseOptions: JWTVerifyOptions = { clockTolerance: LEEWAY_S, requiredClaims: ['exp'] };

async function verifyHmac(token: string, keys: readonly HmacKey[]): Promise<JWTPayload> {
  if (keys.length === 0)
    throw new UnauthorizedError('HMAC tokens are not accepted here: no pre-shared key is configured');
  let first: unknown;
  for (const { key, issuers, algorithms } of keys) {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, { ...baseOptions, algorithms, issuer: [...issuers] }));
    } catch (err) {
      // With two shared keys a bad signature may only mean the other key signed it;
      // any other failure means this key verified the signature and the claims are wrong.
      const otherKeyMayFit =
        err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JOSEAlgNotAllowed;
      if (!otherKeyMayFit) throw new UnauthorizedError(joseReason(err), { cause: err });
      first ??= err;
      continue;
    }
    return checkIssuedAt(payload);
  }
  throw new UnauthorizedError(joseReason(first), { cause: first });
}

async function verifyKeyserver(
  token: string,
  keys: KeyserverKeys,
  audience: readonly string[] | undefined,
): Promise<JWTPayload> {
  const { kid } = decodeProtectedHeader(token);
  if (typeof kid !== 'string' || kid === '') throw new UnauthorizedError('token header has no kid');
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch (cause) {
    throw new UnauthorizedError('token is malformed: its payload is not a JWT claims set', { cause });
  }
  if (typeof issuer !== 'string' || issuer === '') throw new UnauthorizedError('token has no iss claim');
  const key = await keys(issuer, kid);
  const options = { ...baseOptions, algorithms: ['RS256'], issuer };
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      key,
      audience === undefined ? options : { ...options, audience: [...audience] },
    ));
  } catch (err) {
    throw new UnauthorizedError(joseReason(err), { cause: err });
  }
  return checkIssuedAt(payload);
}

// jose checks iat only against a maximum age; Clair also refuses tokens issued in the future.
function checkIssuedAt(payload: JWTPayload): JWTPayload {
  if (payload.iat !== undefined && payload.iat > Date.now() / 1000 + LEEWAY_S) {
    throw new UnauthorizedError('token is issued in the future');
  }
  return payload;
}
