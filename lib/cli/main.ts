// The clairless command. This file is a process entry point, like functions/: it alone reads
// process.argv and process.env and decides the exit code.
import { startProcess } from '../config/start.ts';
import { ConfigError } from '../errors.ts';
import { runMigrate } from './migrate.ts';
import { runServe } from './serve.ts';

const USAGE = `usage: clairless <command> [--config PATH]

commands:
  serve     run indexer, matcher and notifier locally with embedded PostgreSQL and SQS (npm start)
  migrate   apply database migrations to the configured database (npm run migrate)

The config file is --config PATH, else $CLAIR_CONF, else config/local.yaml.
`;

const COMMANDS = { serve: runServe, migrate: runMigrate } as const;

async function main(argv: readonly string[]): Promise<number> {
  const command = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--config');
  if (command === undefined || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return command === undefined && !argv.includes('--help') && !argv.includes('-h') ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    process.stderr.write(`clairless: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  const { config, log } = await startProcess(argv, process.env);
  return COMMANDS[command as keyof typeof COMMANDS](config, log);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`clairless: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  },
);
