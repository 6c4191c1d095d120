import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { withDeploymentSecrets } from '../../../lib/config/deployment-secrets.ts';
import { secretsManagerFetcher } from '../../../lib/config/secrets-manager.ts';
import { ConfigError } from '../../../lib/errors.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clairless-app-AbCdEf';

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

// A loopback endpoint speaking Secrets Manager's JSON protocol, so the real SDK client is what
// makes the request and reads the answer.
describe('Secrets Manager secrets at cold start', () => {
  const requests: { target: string | undefined; body: unknown; signed: boolean }[] = [];
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await bodyOf(req)) as { SecretId: string };
    requests.push({
      target: req.headers['x-amz-target'] as string | undefined,
      body,
      signed: String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256'),
    });
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    if (body.SecretId !== ARN) {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        }),
      );
      return;
    }
    res.end(JSON.stringify({ ARN, Name: 'clairless-app', SecretString: '{"CLAIRLESS_PSK_KEY":"c2VjcmV0"}' }));
  });
  let client: SecretsManagerClient;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new SecretsManagerClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
      maxAttempts: 1,
    });
  });
  after(() => {
    client.destroy();
    server.close();
  });

  it('reads the app secret through GetSecretValue, signed, into the environment', async () => {
    const env = await withDeploymentSecrets(
      { CLAIRLESS_SECRET_ARN: ARN },
      secretsManagerFetcher(() => client),
    );
    assert.equal(env.CLAIRLESS_PSK_KEY, 'c2VjcmV0');
    assert.deepEqual(requests.at(-1), {
      target: 'secretsmanager.GetSecretValue',
      body: { SecretId: ARN },
      signed: true,
    });
  });

  it("fails with the service's own reason when the secret cannot be read", async () => {
    await assert.rejects(
      withDeploymentSecrets(
        { CLAIRLESS_SECRET_ARN: `${ARN}-gone` },
        secretsManagerFetcher(() => client),
      ),
      (err: unknown) =>
        err instanceof ConfigError &&
        /cannot read secret .*-gone: Secrets Manager can't find the specified secret/.test(err.message),
    );
  });
});
