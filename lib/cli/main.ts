// The clairless command. This file is a process entry point, like functions/: it alone reads
// process.argv and process.env and decides the exit code.
import { startProcess } from '../config/start.ts';
import { ConfigError, InvalidInputError } from '../errors.ts';
import { runAdmin } from './admin.ts';
import { runExportUpdaters, runImportUpdaters } from './airgap.ts';
import type { Command } from './command.ts';
import { runMigrate } from './migrate.ts';
import { runServe } from './serve.ts';

const USAGE = `usage: clairless <command> [--config PATH] [arguments]

commands:
  serve                      run indexer, matcher and notifier locally with embedded PostgreSQL and SQS (npm start)
  migrate                    apply database migrations to the configured database (npm run migrate)
  admin update [--updater NAME]
                             run the configured updaters now (or only NAME), then garbage collection
  admin gc                   delete update operations beyond matcher.update_retention, and their data
  export-updaters [--strict] [-g|-z] [FILE]
                             run the configured updaters and write their data to a bundle: gzip, or zstd
                             with -z or a FILE ending .zst; stdout without FILE; --strict exits 1 when
                             an updater fails
  import-updaters FILE|URL|-
                             load a bundle (ours or clairctl's) into the database, skipping operations
                             already there

The config file is --config PATH, else $CLAIR_CONF, else config/local.yaml. Commands that need a
database use DATABASE_URL or the config's connstring, else the local embedded one.
`;

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: runServe,
  migrate: runMigrate,
  admin: runAdmin,
  'export-updaters': runExportUpdaters,
  'import-updaters': runImportUpdaters,
};

/** The arguments after the command, without --config and its value. */
function commandArgs(argv: readonly string[], command: string): string[] {
  const rest = argv.slice(argv.indexOf(command) + 1);
  return rest.filter((a, i) => a !== '--config' && rest[i - 1] !== '--config' && !a.startsWith('--config='));
}

async function main(argv: readonly string[]): Promise<number> {
  const command = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--config');
  const help = argv.includes('--help') || argv.includes('-h');
  if (command === undefined || help) {
    process.stdout.write(USAGE);
    return command === undefined && !help ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    process.stderr.write(`clairless: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  const { config, log } = await startProcess(argv, process.env);
  return run(config, log, commandArgs(argv, command));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`clairless: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof ConfigError || err instanceof InvalidInputError ? 2 : 1;
  },
);
