#!/usr/bin/env node
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

type Entry = {
  readonly run: Command;
  /** The arguments, after the command's name. */
  readonly synopsis: string;
  readonly summary: string;
  readonly flags?: string;
  /** Talks to registries and a clairless API rather than running the services. */
  readonly client?: boolean;
};

const COMMANDS: Readonly<Record<string, Entry>> = {
  serve: {
    run: runServe,
    synopsis: '',
    summary: 'run indexer, matcher and notifier locally with embedded PostgreSQL and SQS (npm start)',
  },
  migrate: {
    run: runMigrate,
    synopsis: '',
    summary: 'apply database migrations to the configured database (npm run migrate)',
  },
  admin: {
    run: runAdmin,
    synopsis: 'update [--updater NAME] | gc',
    summary:
      'update: run the configured updaters now (or only NAME), then garbage collection;\ngc: delete update operations beyond matcher.update_retention, and their data',
  },
  'export-updaters': {
    run: runExportUpdaters,
    synopsis: '[--strict] [-g|-z] [FILE]',
    summary:
      'run the configured updaters and write their data to a bundle: gzip, or zstd with -z or a FILE\nending .zst; stdout without FILE; --strict exits 1 when an updater fails',
  },
  'import-updaters': {
    run: runImportUpdaters,
    synopsis: 'FILE|URL|-',
    summary: "load a bundle (ours or clairctl's) into the database, skipping operations already there",
  },
  manifest: {
    run: runManifest,
    synopsis: '[flags] IMAGE...',
    summary: 'print the Clair manifest of each image, read from its registry',
    flags: REGISTRY_FLAGS_USAGE,
    client: true,
  },
  report: {
    run: runReport,
    synopsis: '[flags] IMAGE...',
    summary:
      'index each image through a clairless API and print its vulnerabilities (exit 3 with --fail-on\nwhen one is that severe)',
    flags: `${REGISTRY_FLAGS_USAGE}\n${REPORT_USAGE}`,
    client: true,
  },
};

const FOOTER = `The config file is --config PATH, else $CLAIR_CONF, else config/local.yaml. Commands that need a
database use DATABASE_URL or the config's connstring, else the local embedded one.
`;

const indent = (text: string, by: string) => text.replaceAll('\n', `\n${by}`);

const USAGE = `usage: clairless <command> [--config PATH] [arguments]   (clairless <command> --help for more)

commands:
${Object.entries(COMMANDS)
  .map(([name, e]) => `  ${`${name} ${e.synopsis}`.trimEnd()}\n      ${indent(e.summary, '      ')}`)
  .join('\n')}

${FOOTER}`;

const commandUsage = (name: string, entry: Entry) =>
  `usage: clairless ${`${name} ${entry.synopsis}`.trimEnd()}\n\n${entry.summary}\n${entry.flags === undefined ? '' : `\nflags:\n${entry.flags}\n`}\n${FOOTER}`;

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
  const entry = command === undefined ? undefined : COMMANDS[command];
  if (command !== undefined && entry === undefined) {
    process.stderr.write(`clairless: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  if (command === undefined || entry === undefined || help) {
    process.stdout.write(command !== undefined && entry !== undefined ? commandUsage(command, entry) : USAGE);
    return command === undefined && !help ? 2 : 0;
  }
  const { config, log } = entry.client
    ? await startClient(argv, process.env)
    : await startProcess(argv, process.env);
  return entry.run(config, log, commandArgs(argv, command), IO);
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
