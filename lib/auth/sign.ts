import { SignJWT } from 'jose';
import type { AuthConfig } from '../config/types.ts';

/** The issuer Clair's services use between themselves; always accepted with the shared key. */
export const INTRASERVICE_ISSUER = 'clair-intraservice';

/** The key our outbound calls are signed with: the PSK, else the keyserver intraservice key. */
export function intraserviceKey(auth: AuthConfig): Uint8Array | undefined {
  return auth.psk?.key ?? auth.keyserver?.intraservice;
}

/**
 * A fresh HS256 token for one outbound request, shaped as Clair's: valid from a minute ago to a
 * minute ahead, so small clock skew between services does not matter.
 */
export async function signIntraserviceToken(
  key: Uint8Array,
  issuer: string = INTRASERVICE_ISSUER,
  nowMs: number = Date.now(),
): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setNotBefore(now - 60)
    .setExpirationTime(now + 60)
    .sign(key);
}
