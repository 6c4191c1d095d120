import { Signer } from '@aws-sdk/rds-signer';

export type IamAuthTarget = { readonly host: string; readonly port: number; readonly user: string };

/**
 * pg's password option for RDS IAM authentication: pg calls it for each new connection, and a
 * token is signed locally from the function's role credentials, valid for 15 minutes.
 */
export function iamAuthToken(target: IamAuthTarget): () => Promise<string> {
  const signer = new Signer({ hostname: target.host, port: target.port, username: target.user });
  return () => signer.getAuthToken();
}
