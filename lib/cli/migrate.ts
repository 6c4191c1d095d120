import type { Config } from '../config/types.ts';
import { migrate } from '../db/migrate.ts';
import { openPool } from '../db/pool.ts';
import { startEmbeddedPostgres } from '../local/postgres.ts';
import type { Logger } from '../log.ts';

/** `clairless migrate`: the configured database, or the local embedded one when none is configured. */
export async function runMigrate(config: Config, log: Logger): Promise<number> {
  const postgres =
    config.database.connstring === undefined
      ? await startEmbeddedPostgres({ dataDir: config.local.dataDir, port: config.local.postgresPort, log })
      : undefined;
  const pool = openPool(config.database.connstring ?? (postgres?.url as string), {
    maxConnections: config.database.maxConnections,
    log,
  });
  try {
    const result = await migrate(pool, log);
    process.stdout.write(
      result.applied.length === 0
        ? `database is up to date (${result.current} migrations)\n`
        : `applied ${result.applied.length} migrations: ${result.applied.join(', ')}\n`,
    );
    return 0;
  } finally {
    await pool.end();
    await postgres?.stop();
  }
}
