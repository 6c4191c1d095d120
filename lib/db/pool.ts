import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import type { DatabaseConfig } from '../config/types.ts';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { parseConnstring } from './connstring.ts';
import { iamAuthToken } from './iam-auth-token.ts';

export type PoolOptions = {
  /** Connections this process may hold; a Lambda serves one request at a time, so 1 or 2. */
  readonly maxConnections: number;
  readonly log: Logger;
  /** Authenticate with an RDS IAM token instead of a password. @default false */
  readonly iamAuth?: boolean;
};

/** A pg pool for the configured database. Idle connection errors are logged, not fatal. */
export function openPool(connstring: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    application_name: 'clairless',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.iamAuth === true ? iamAuthSettings(connstring) : parseConnstring(connstring)),
    max: options.maxConnections,
  });
  // Without a listener, an idle client losing its connection would crash the process.
  pool.on('error', (err) => options.log.warn('database idle connection error', { err }));
  return pool;
}

/** Connection settings whose password is an IAM token made per connection. */
export function iamAuthSettings(connstring: string): pg.PoolConfig {
  const parsed = parseConnstring(connstring);
  // pg lets a connectionString override the password option, so a URL is spelled out first.
  const settings: pg.PoolConfig =
    parsed.connectionString === undefined ? parsed : parseIntoClientConfig(parsed.connectionString);
  const { host, port, user } = settings;
  if (host === undefined || user === undefined) {
    throw new ConfigError('DATABASE_IAM_AUTH needs a connstring naming the host and the user');
  }
  if (settings.ssl === undefined || settings.ssl === false) {
    throw new ConfigError('DATABASE_IAM_AUTH needs TLS: add sslmode=verify-full to the connstring');
  }
  return { ...settings, password: iamAuthToken({ host, port: port ?? 5432, user }) };
}

/** The connection string with any password masked, for logs and start-up output. */
export function redactConnstring(connstring: string): string {
  if (URL.canParse(connstring)) {
    const url = new URL(connstring);
    if (url.password !== '') url.password = '***';
    return url.toString();
  }
  return connstring.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/g, '$1***');
}

/** The pool of the configured database; a deployed function has no embedded one to fall back on. */
export function openConfiguredPool(database: DatabaseConfig, log: Logger): pg.Pool {
  if (database.connstring === undefined) {
    throw new ConfigError('no database configured: set DATABASE_URL or indexer.connstring');
  }
  return openPool(database.connstring, {
    maxConnections: database.maxConnections,
    log,
    iamAuth: database.iamAuth,
  });
}
