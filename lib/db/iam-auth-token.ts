import { awsIdentityFromEnv } from '../aws/identity.ts';
import { awsSigner } from '../aws/signer.ts';
import type { Env } from '../config/yaml-reader.ts';

export type IamAuthTarget = { readonly host: string; readonly port: number; readonly user: string };

const TOKEN_LIFETIME_S = 900;

/**
 * pg's password option for RDS IAM authentication: pg calls it for each new connection, and a
 * token (a presigned rds-db:connect request, valid 15 minutes) is signed locally from the
 * function's role credentials.
 */
export function iamAuthToken(target: IamAuthTarget, env: Env = process.env): (now?: Date) => Promise<string> {
  return async (now = new Date()) => {
    const signer = awsSigner(awsIdentityFromEnv(env), 'rds-db');
    const hostPort = `${target.host}:${target.port}`;
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: target.host,
        port: target.port,
        path: '/',
        query: { Action: 'connect', DBUser: target.user },
        headers: { host: hostPort },
      },
      { expiresIn: TOKEN_LIFETIME_S, signingDate: now },
    );
    // Parameters in key order, as the AWS SDK's own RDS signer writes them.
    const query = Object.entries(signed.query as Record<string, string>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    return `${hostPort}/?${query.join('&')}`;
  };
}
