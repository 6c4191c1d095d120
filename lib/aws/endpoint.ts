import type { Env } from '../config/yaml-reader.ts';

/**
 * A service's endpoint: `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` as the AWS SDKs read
 * them (for a mirror or a test), else the regional endpoint.
 */
export function awsEndpoint(env: Env, serviceId: string, prefix: string, region: string): string {
  const specific = env[`AWS_ENDPOINT_URL_${serviceId.toUpperCase().replaceAll(/[ -]/g, '_')}`];
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return specific || env.AWS_ENDPOINT_URL || `https://${prefix}.${region}.${domain}`;
}
