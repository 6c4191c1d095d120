import assert from 'node:assert/strict';
import type { Verifier } from '../../lib/auth/verify.ts';
import { UnauthorizedError } from '../../lib/http/errors.ts';

/** The UnauthorizedError verify(token) rejects with; fails the test if the token is accepted. */
export async function rejection(verify: Verifier, token: string): Promise<UnauthorizedError> {
  try {
    await verify(token);
  } catch (err) {
    assert.ok(err instanceof UnauthorizedError, `want UnauthorizedError, got ${String(err)}`);
    return err;
  }
  assert.fail('token was accepted');
}
