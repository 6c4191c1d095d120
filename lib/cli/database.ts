import type pg from 'pg';
import type { Config } from '../config/types.ts';
import { migrate } from '../db/migrate.ts';
import { openPool } from '../db/pool.ts';
import { startEmbeddedPostgres } from '../local/postgres.ts';
import type { Logger } from '../log.ts';

/**
 * Runs fn with a pool on the configured database (or the local embedded one when none is
 * configured, started for the command and stopped after it), migrated unless asked not to.
 */
export async function withDatabase<T>(
  config: Config,
  log: Logger,
  fn: (db: pg.Pool) => Promise<T>,
  options: { readonly migrate: boolean } = { migrate: true },
): Promise<T> {
  const postgres =
    config.database.connstring === undefined
      ? await startEmbeddedPostgres({ dataDir: config.local.dataDir, port: config.local.postgresPort, log })
      : undefined;
  const pool = openPool(config.database.connstring ?? (postgres?.url as string), {
    maxConnections: config.database.maxConnections,
    log,
  });
  try {
    if (options.migrate) await migrate(pool, log);
    return await fn(pool);
  } finally {
    await pool.end();
    await postgres?.stop();
  }
}
