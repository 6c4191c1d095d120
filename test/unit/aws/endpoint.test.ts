import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsEndpoint } from '../../../lib/aws/endpoint.ts';
import { awsIdentityFromEnv } from '../../../lib/aws/identity.ts';

describe('AWS endpoints and identity', () => {
  it('reads the regional endpoint, or the override the AWS SDKs read', () => {
    assert.equal(awsEndpoint({}, 'SQS', 'sqs', 'eu-west-1'), 'https://sqs.eu-west-1.amazonaws.com');
    assert.equal(awsEndpoint({}, 'SQS', 'sqs', 'cn-north-1'), 'https://sqs.cn-north-1.amazonaws.com.cn');
    const env = { AWS_ENDPOINT_URL: 'http://all:1', AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://sm:2' };
    assert.equal(awsEndpoint(env, 'Secrets Manager', 'secretsmanager', 'eu-west-1'), 'http://sm:2');
    assert.equal(awsEndpoint(env, 'SQS', 'sqs', 'eu-west-1'), 'http://all:1');
  });

  it('takes the region and credentials Lambda sets, and names the first one missing', () => {
    const env = {
      AWS_DEFAULT_REGION: 'us-east-2',
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_SESSION_TOKEN: 't',
    };
    assert.deepEqual(awsIdentityFromEnv(env), {
      region: 'us-east-2',
      credentials: { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't' },
    });
    assert.equal(awsIdentityFromEnv({ ...env, AWS_REGION: 'eu-west-1' }).region, 'eu-west-1');
    assert.throws(() => awsIdentityFromEnv({ AWS_REGION: 'eu-west-1' }), /AWS_ACCESS_KEY_ID is not set/);
    assert.throws(() => awsIdentityFromEnv({}), /AWS_DEFAULT_REGION is not set/);
  });
});
