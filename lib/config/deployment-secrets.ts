// A deployed function's secrets live in Secrets Manager, named by ARN in its environment, and are
// read once at cold start: the template and the function configuration never hold them.
import { ConfigError } from '../errors.ts';
import { DEPLOYMENT_ENV } from './deployment-env.ts';
import type { Env } from './yaml-reader.ts';

/** Reads a secret's string value by ARN. */
export type FetchSecret = (arn: string) => Promise<string>;

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** env with the secrets it names added; unchanged when it names none (the local runtime, tests). */
export async function withDeploymentSecrets(env: Env, fetchSecret: FetchSecret): Promise<Env> {
  const appArn = env[DEPLOYMENT_ENV.appSecretArn];
  const databaseArn = env[DEPLOYMENT_ENV.databaseSecretArn];
  const [app, database] = await Promise.all([
    appArn ? readSecretObject(appArn, fetchSecret) : undefined,
    databaseArn ? readSecretObject(databaseArn, fetchSecret) : undefined,
  ]);
  const added: Record<string, string> = {};
  if (app !== undefined) {
    for (const [name, value] of Object.entries(app)) {
      if (!ENV_NAME.test(name) || typeof value !== 'string') {
        throw new ConfigError(
          `secret ${appArn}: key ${JSON.stringify(name)} must be an environment variable name with a string value`,
        );
      }
      added[name] = value;
    }
  }
  if (database !== undefined)
    added[DEPLOYMENT_ENV.databaseUrl] = databaseUrl(databaseArn as string, database);
  return { ...env, ...added };
}

async function readSecretObject(arn: string, fetchSecret: FetchSecret): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fetchSecret(arn);
  } catch (cause) {
    throw new ConfigError(`cannot read secret ${arn}: ${(cause as Error).message}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`secret ${arn} is not JSON: want an object of string values`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`secret ${arn} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

// The shape RDS writes for a generated credentials secret attached to an instance or cluster.
function databaseUrl(arn: string, secret: Record<string, unknown>): string {
  const field = (name: string) => {
    const value = secret[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ConfigError(`secret ${arn} has no ${name}: want an RDS credentials secret`);
    }
    return encodeURIComponent(String(value));
  };
  return `postgresql://${field('username')}:${field('password')}@${field('host')}:${field('port')}/${field('dbname')}?sslmode=verify-full`;
}
