import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { Config } from '../config/types.ts';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { migrate } from './migrate.ts';
import { openPool } from './pool.ts';

export type MigrateResourceResult = {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
};

/**
 * The deploy-time custom resource (through the CDK provider framework): migrate on create and
 * on every update, nothing on delete, since the data must outlive a stack rollback.
 */
export function createMigrateResource(config: Config, log: Logger) {
  return async (event: CloudFormationCustomResourceEvent): Promise<MigrateResourceResult> => {
    const id = 'clairless-migrations';
    if (event.RequestType === 'Delete') return { PhysicalResourceId: id, Data: {} };
    const connstring = config.database.connstring;
    if (connstring === undefined) throw new ConfigError('migrate: no database configured: set DATABASE_URL');
    const pool = openPool(connstring, { maxConnections: 1, log });
    try {
      const result = await migrate(pool, log);
      return {
        PhysicalResourceId: id,
        Data: { applied: result.applied.join(','), current: String(result.current) },
      };
    } finally {
      await pool.end();
    }
  };
}
