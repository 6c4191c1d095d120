import type { Env } from '../config/yaml-reader.ts';
import { ConfigError } from '../errors.ts';

/** Who signs AWS requests, and where: what the Lambda runtime puts in every function's environment. */
export type AwsIdentity = {
  readonly region: string;
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
};

/** The region and the role's credentials from env; fails naming the first variable missing. */
export function awsIdentityFromEnv(env: Env): AwsIdentity {
  const required = (name: string) => {
    const value = env[name];
    if (!value)
      throw new ConfigError(`environment variable ${name} is not set: AWS requests cannot be signed`);
    return value;
  };
  const region = env.AWS_REGION || required('AWS_DEFAULT_REGION');
  const accessKeyId = required('AWS_ACCESS_KEY_ID');
  const secretAccessKey = required('AWS_SECRET_ACCESS_KEY');
  const sessionToken = env.AWS_SESSION_TOKEN || undefined;
  return { region, credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } };
}
