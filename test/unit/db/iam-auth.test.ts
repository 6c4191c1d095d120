import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Signer } from '@aws-sdk/rds-signer';
import { iamAuthToken } from '../../../lib/db/iam-auth-token.ts';
import { iamAuthSettings } from '../../../lib/db/pool.ts';
import { ConfigError } from '../../../lib/errors.ts';

const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'eu-west-1',
};
const HOST = 'clairless.proxy-abc123.eu-west-1.rds.amazonaws.com';

describe('RDS IAM authentication', () => {
  it('signs the token @aws-sdk/rds-signer signs, byte for byte', async (t) => {
    // The reference signer reads the clock, so both sign at one fixed instant.
    const now = new Date('2026-11-27T12:34:56Z');
    t.mock.timers.enable({ apis: ['Date'], now });
    for (const sessionToken of [undefined, 'IQoJb3JpZ2luX2VjEXAMPLE/+=']) {
      const env = { ...CREDENTIALS, ...(sessionToken ? { AWS_SESSION_TOKEN: sessionToken } : {}) };
      const reference = await new Signer({
        hostname: HOST,
        port: 5432,
        username: 'clairless',
        region: env.AWS_REGION,
        credentials: {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          sessionToken,
        },
      }).getAuthToken();
      const ours = await iamAuthToken({ host: HOST, port: 5432, user: 'clairless' }, env)(now);
      assert.equal(ours, reference);
    }
  });

  it('spells the URL out and gives pg a token per connection for its host, port and user', async () => {
    const settings = iamAuthSettings(`postgresql://clairless@${HOST}:5432/clairless?sslmode=verify-full`);
    assert.equal(settings.connectionString, undefined);
    assert.equal(settings.host, HOST);
    assert.equal(settings.database, 'clairless');
    // verify-full: TLS with the certificate checked against the host name.
    assert.ok(typeof settings.ssl === 'object' && settings.ssl.rejectUnauthorized !== false);
    assert.equal(typeof settings.password, 'function');
  });

  it('fails without TLS or without a host and user to sign for', () => {
    assert.throws(
      () => iamAuthSettings('postgresql://clairless@proxy:5432/clairless'),
      (err: unknown) => err instanceof ConfigError && /needs TLS: add sslmode=verify-full/.test(err.message),
    );
    assert.throws(
      () => iamAuthSettings('dbname=clairless sslmode=verify-full'),
      (err: unknown) =>
        err instanceof ConfigError && /needs a connstring naming the host and the user/.test(err.message),
    );
  });
});
