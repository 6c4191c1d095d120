import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDeploymentSecrets } from '../../../lib/config/deployment-secrets.ts';
import { ConfigFileError } from '../../../lib/config/errors.ts';
import { parseConfig } from '../../../lib/config/load.ts';
import { ConfigError } from '../../../lib/errors.ts';

const secrets = (values: Record<string, string>) => async (arn: string) => {
  const value = values[arn];
  if (value === undefined) throw new Error(`ResourceNotFoundException: ${arn}`);
  return value;
};

const APP_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clairless-app';
const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clairless-db';

describe('deployment secrets', () => {
  it('adds each key of the app secret to the environment the config is read with', async () => {
    const env = await withDeploymentSecrets(
      { CLAIRLESS_SECRET_ARN: APP_ARN, KEEP: 'x' },
      secrets({ [APP_ARN]: JSON.stringify({ CLAIRLESS_PSK_KEY: 'c2VjcmV0' }) }),
    );
    assert.equal(env.CLAIRLESS_PSK_KEY, 'c2VjcmV0');
    assert.equal(env.KEEP, 'x');
    const { config } = parseConfig(
      'auth:\n  psk:\n    key: ${CLAIRLESS_PSK_KEY}\n    iss: [clairctl]\n',
      'aws.yaml',
      env,
    );
    assert.deepEqual(config.auth.psk?.key, new TextEncoder().encode('secret'));
  });

  it('builds a verify-full DATABASE_URL from an RDS credentials secret, escaping the password', async () => {
    const rds = {
      username: 'clairless',
      password: 'p@ss/w:rd',
      host: 'db.example',
      port: 5432,
      dbname: 'clairless',
    };
    const env = await withDeploymentSecrets(
      { DATABASE_SECRET_ARN: DB_ARN },
      secrets({ [DB_ARN]: JSON.stringify({ ...rds, engine: 'postgres' }) }),
    );
    const url = new URL(env.DATABASE_URL as string);
    assert.equal(decodeURIComponent(url.password), 'p@ss/w:rd');
    assert.equal(url.host, 'db.example:5432');
    assert.equal(url.pathname, '/clairless');
    assert.equal(url.searchParams.get('sslmode'), 'verify-full');
  });

  it('leaves an environment naming no secret as it is, without reading any', async () => {
    const env = { DATABASE_URL: 'postgres://local' };
    assert.deepEqual(await withDeploymentSecrets(env, secrets({})), env);
  });

  it('fails naming the secret and what is wrong with it', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ CLAIRLESS_SECRET_ARN: APP_ARN }, '', /cannot read secret .*clairless-app: ResourceNotFound/],
      [{ CLAIRLESS_SECRET_ARN: APP_ARN }, 'not json', /clairless-app is not JSON/],
      [{ CLAIRLESS_SECRET_ARN: APP_ARN }, '["a"]', /clairless-app is not a JSON object/],
      [
        { CLAIRLESS_SECRET_ARN: APP_ARN },
        '{"psk-key":"x"}',
        /key "psk-key" must be an environment variable name/,
      ],
      [{ CLAIRLESS_SECRET_ARN: APP_ARN }, '{"KEY":1}', /key "KEY" must be .* with a string value/],
      [{ DATABASE_SECRET_ARN: DB_ARN }, '{"username":"u","password":"p"}', /clairless-db has no host/],
    ];
    for (const [env, value, want] of cases) {
      const arn = (env.CLAIRLESS_SECRET_ARN ?? env.DATABASE_SECRET_ARN) as string;
      await assert.rejects(
        withDeploymentSecrets(env, secrets(value === '' ? {} : { [arn]: value })),
        (err: unknown) => err instanceof ConfigError && want.test(err.message),
      );
    }
  });
});

describe('deployment settings in the environment', () => {
  it('points notification callbacks at the deployed API unless notifier.sqs.callback says otherwise', () => {
    const env = { CLAIRLESS_API_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/' };
    assert.equal(
      parseConfig('', 'aws.yaml', env).config.notifier.sqs.callback,
      'https://abc.execute-api.eu-west-1.amazonaws.com/notifier/api/v1/notification/',
    );
    const text = 'notifier:\n  sqs:\n    callback: https://clair.example/notifier/api/v1/notification\n';
    assert.equal(
      parseConfig(text, 'aws.yaml', env).config.notifier.sqs.callback,
      'https://clair.example/notifier/api/v1/notification/',
    );
    assert.equal(parseConfig('', 'local.yaml', {}).config.notifier.sqs.callback, undefined);
  });

  it('reads DATABASE_IAM_AUTH as true or false, and refuses anything else', () => {
    assert.equal(parseConfig('', 'a.yaml', {}).config.database.iamAuth, false);
    assert.equal(parseConfig('', 'a.yaml', { DATABASE_IAM_AUTH: 'true' }).config.database.iamAuth, true);
    assert.equal(parseConfig('', 'a.yaml', { DATABASE_IAM_AUTH: 'false' }).config.database.iamAuth, false);
    assert.throws(
      () => parseConfig('', 'a.yaml', { DATABASE_IAM_AUTH: 'yes' }),
      (err: unknown) =>
        err instanceof ConfigFileError && /DATABASE_IAM_AUTH is "yes": want true or false/.test(err.message),
    );
  });
});
