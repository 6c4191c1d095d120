import type { Node } from 'constructs';
import { DATABASE_ENGINES, type DatabaseEngine } from './database.ts';

/** The deployment's own settings (what the Clair config cannot say), from `-c key=value` or cdk.json. */
export type DeploymentSettings = {
  /** `-c vpcId=vpc-…`: deploy into this VPC instead of a new one. */
  readonly vpcId?: string;
  /** `-c natGateways=2`: one per Availability Zone instead of one shared. */
  readonly natGateways?: number;
  /** `-c database=aurora-serverless`. */
  readonly databaseEngine?: DatabaseEngine;
  /** `-c databaseInstanceType=m7g.large`. */
  readonly databaseInstanceType?: string;
  /** `-c multiAz=true`. */
  readonly multiAz?: boolean;
  /** `-c auroraMaxCapacity=16`. */
  readonly auroraMaxCapacity?: number;
};

/** Reads and checks each setting; `-c` gives strings, cdk.json typed values, and both are accepted. */
export function readDeploymentContext(node: Node): DeploymentSettings {
  const get = (key: string): unknown => node.tryGetContext(key);
  const text = (key: string, pattern: RegExp, want: string): string | undefined => {
    const value = get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new Error(`context ${key}: ${JSON.stringify(value)} is not ${want}`);
    }
    return value;
  };
  const number = (key: string): number | undefined => {
    const value = get(key);
    if (value === undefined) return undefined;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw new Error(`context ${key}: ${JSON.stringify(value)} is not a number`);
    }
    return n;
  };
  const flag = (key: string): boolean | undefined => {
    const value = get(key);
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new Error(`context ${key}: ${JSON.stringify(value)} is not true or false`);
  };
  return {
    vpcId: text('vpcId', /^vpc-[0-9a-f]+$/, 'a VPC id such as vpc-0123456789abcdef0'),
    natGateways: number('natGateways'),
    databaseEngine: text(
      'database',
      new RegExp(`^(${DATABASE_ENGINES.join('|')})$`),
      `one of ${DATABASE_ENGINES.join(', ')}`,
    ) as DatabaseEngine | undefined,
    databaseInstanceType: text(
      'databaseInstanceType',
      /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
      'an instance class such as t4g.micro',
    ),
    multiAz: flag('multiAz'),
    auroraMaxCapacity: number('auroraMaxCapacity'),
  };
}
