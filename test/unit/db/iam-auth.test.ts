import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iamAuthSettings } from '../../../lib/db/pool.ts';
import { ConfigError } from '../../../lib/errors.ts';

describe('RDS IAM authentication', () => {
  it('spells the URL out and signs a connect token for its host, port and user', async (t) => {
    // The signer reads credentials and region as the Lambda runtime provides them.
    for (const [name, value] of Object.entries({
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: '',
      AWS_REGION: 'eu-west-1',
    })) {
      const before = process.env[name];
      process.env[name] = value;
      t.after(() => {
        if (before === undefined) delete process.env[name];
        else process.env[name] = before;
      });
    }
    const settings = iamAuthSettings(
      'postgresql://clairless@proxy.proxy-abc.eu-west-1.rds.amazonaws.com:5432/clairless?sslmode=verify-full',
    );
    assert.equal(settings.connectionString, undefined);
    assert.equal(settings.host, 'proxy.proxy-abc.eu-west-1.rds.amazonaws.com');
    assert.equal(settings.database, 'clairless');
    // verify-full: TLS with the certificate checked against the host name.
    assert.ok(typeof settings.ssl === 'object' && settings.ssl.rejectUnauthorized !== false);
    assert.equal(typeof settings.password, 'function');
    const token = await (settings.password as () => Promise<string>)();
    const url = new URL(`https://${token}`);
    assert.equal(url.host, 'proxy.proxy-abc.eu-west-1.rds.amazonaws.com:5432');
    assert.equal(url.searchParams.get('Action'), 'connect');
    assert.equal(url.searchParams.get('DBUser'), 'clairless');
    assert.match(
      url.searchParams.get('X-Amz-Credential') ?? '',
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/,
    );
    assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
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
