import { errors } from 'jose';

/** A short reason for a failed verification that is safe to send back: no key material, no token. */
export function joseReason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'token issuer is not accepted';
    if (err.claim === 'aud') return 'token audience is not accepted';
    if (err.claim === 'nbf') return 'token is not valid yet';
    return `token claim ${JSON.stringify(err.claim)} is invalid: ${err.reason}`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return 'token signature does not verify with the key';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'token alg is not accepted';
  if (err instanceof errors.JOSEError) return 'token is malformed';
  return 'token could not be verified';
}
