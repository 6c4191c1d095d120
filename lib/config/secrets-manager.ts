import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FetchSecret } from './deployment-secrets.ts';

/** Secrets Manager's GetSecretValue, for a secret stored as a string; the client is made on first use. */
export function secretsManagerFetcher(makeClient = () => new SecretsManagerClient({})): FetchSecret {
  let client: SecretsManagerClient | undefined;
  return async (arn) => {
    client ??= makeClient();
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (SecretString === undefined) throw new Error('the secret holds binary data, not a string');
    return SecretString;
  };
}
