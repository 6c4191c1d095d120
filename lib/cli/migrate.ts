import { migrate } from '../db/migrate.ts';
import type { Command } from './command.ts';
import { withDatabase } from './database.ts';

/** `clairless migrate`: the configured database, or the local embedded one when none is configured. */
export const runMigrate: Command = (config, log) =>
  withDatabase(
    config,
    log,
    async (db) => {
      const result = await migrate(db, log);
      process.stdout.write(
        result.applied.length === 0
          ? `database is up to date (${result.current} migrations)\n`
          : `applied ${result.applied.length} migrations: ${result.applied.join(', ')}\n`,
      );
      return 0;
    },
    { migrate: false },
  );
