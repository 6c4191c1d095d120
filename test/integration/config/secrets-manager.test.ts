import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { withDeploymentSecrets } from '../../../lib/config/deployment-secrets.ts';
import { secretsManagerFetcher } from '../../../lib/config/secrets-manager.ts';
import { ConfigError } from '../../../lib/errors.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clairless-app-AbCdEf';

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

// A loopback endpoint speaking Secrets Manager's JSON protocol, reached the way the AWS SDKs are
// pointed at a mirror (AWS_ENDPOINT_URL_SECRETS_MANAGER).
describe('Secrets Manager secrets at cold start', () => {
  const requests: { target: unknown; type: unknown; body: unknown; authorization: string }[] = [];
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await bodyOf(req)) as { SecretId: string };
    requests.push({
      target: req.headers['x-amz-target'],
      type: req.headers['content-type'],
      body,
      authorization: String(req.headers.authorization),
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
  let env: Record<string, string>;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    env = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      AWS_SESSION_TOKEN: 'session',
    };
  });
  after(() => server.close());

  it('reads the app secret through GetSecretValue, signed for the region, into the environment', async () => {
    const withSecret = { ...env, CLAIRLESS_SECRET_ARN: ARN };
    const out = await withDeploymentSecrets(withSecret, secretsManagerFetcher(withSecret));
    assert.equal(out.CLAIRLESS_PSK_KEY, 'c2VjcmV0');
    const [request] = requests.slice(-1);
    assert.equal(request?.target, 'secretsmanager.GetSecretValue');
    assert.equal(request?.type, 'application/x-amz-json-1.1');
    assert.deepEqual(request?.body, { SecretId: ARN });
    assert.match(
      request?.authorization ?? '',
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=[^,]*x-amz-security-token[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it("fails with the service's own reason when the secret cannot be read", async () => {
    const withSecret = { ...env, CLAIRLESS_SECRET_ARN: `${ARN}-gone` };
    await assert.rejects(
      withDeploymentSecrets(withSecret, secretsManagerFetcher(withSecret)),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(
          err.message,
          /cannot read secret .*-gone: GetSecretValue failed: ResourceNotFoundException: Secrets Manager can't find the specified secret/,
        );
        return true;
      },
    );
  });

  it('fails naming the credential that is missing', async () => {
    const { AWS_SECRET_ACCESS_KEY: _, ...partial } = env;
    const withSecret = { ...partial, CLAIRLESS_SECRET_ARN: ARN };
    await assert.rejects(
      withDeploymentSecrets(withSecret, secretsManagerFetcher(withSecret)),
      /environment variable AWS_SECRET_ACCESS_KEY is not set: AWS requests cannot be signed/,
    );
  });
});
