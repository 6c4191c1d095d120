// The clairless command. This file is a process entry point, like functions/: it alone reads
// process.argv and process.env and decides the exit code.
import { startClient, startProcess } from '../config/start.ts';
import { ConfigError, InvalidInputError } from '../errors.ts';
import { runAdmin } from './admin.ts';
import { runExportUpdaters, runImportUpdaters } from './airgap.ts';
import type { Command, CommandIo } from './command.ts';
import { runManifest } from './manifest.ts';
import { runMigrate } from './migrate.ts';
import { REGISTRY_FLAGS_USAGE } from './registry-flags.ts';
import { REPORT_USAGE, runReport } from './report.ts';
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
  manifest [flags] IMAGE...  print the Clair manifest of each image, read from its registry
  report [flags] IMAGE...    index each image through a clairless API and print its vulnerabilities
                             (exit 3 with --fail-on when one is that severe)

registry flags (manifest, report):
${REGISTRY_FLAGS_USAGE}

report flags:
${REPORT_USAGE}

The config file is --config PATH, else $CLAIR_CONF, else config/local.yaml. Commands that need a
database use DATABASE_URL or the config's connstring, else the local embedded one.
`;

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: runServe,
  migrate: runMigrate,
  admin: runAdmin,
  'export-updaters': runExportUpdaters,
  'import-updaters': runImportUpdaters,
  manifest: runManifest,
  report: runReport,
};

// Commands that talk to registries and to a clairless API, not run the services.
const CLIENT_COMMANDS = new Set(['manifest', 'report']);

let stdin: Promise<string> | undefined;
const IO: CommandIo = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => {
    stdin ??= (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    })();
    return stdin;
  },
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
  const { config, log } = CLIENT_COMMANDS.has(command)
    ? await startClient(argv, process.env)
    : await startProcess(argv, process.env);
  return run(config, log, commandArgs(argv, command), IO);
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
