import { awsEndpoint } from '../aws/endpoint.ts';
import { awsIdentityFromEnv } from '../aws/identity.ts';
import { callAwsJson } from '../aws/json-call.ts';
import type { FetchSecret } from './deployment-secrets.ts';
import type { Env } from './yaml-reader.ts';

/** Secrets Manager's GetSecretValue, for a secret stored as a string, signed with env's credentials. */
export function secretsManagerFetcher(env: Env): FetchSecret {
  return async (arn) => {
    const identity = awsIdentityFromEnv(env);
    const answer = (await callAwsJson(identity, {
      service: 'secretsmanager',
      target: 'secretsmanager.GetSecretValue',
      jsonVersion: '1.1',
      endpoint: awsEndpoint(env, 'Secrets Manager', 'secretsmanager', identity.region),
      input: { SecretId: arn },
    })) as { SecretString?: unknown };
    if (typeof answer.SecretString !== 'string')
      throw new Error('the secret holds binary data, not a string');
    return answer.SecretString;
  };
}
