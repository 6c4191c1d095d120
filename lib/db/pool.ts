import pg from 'pg';
import type { DatabaseConfig } from '../config/types.ts';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { parseConnstring } from './connstring.ts';

export type PoolOptions = {
  /** Connections this process may hold; a Lambda serves one request at a time, so 1 or 2. */
  readonly maxConnections: number;
  readonly log: Logger;
};

/** A pg pool for the configured database. Idle connection errors are logged, not fatal. */
export function openPool(connstring: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    application_name: 'clairless',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...parseConnstring(connstring),
    max: options.maxConnections,
  });
  // Without a listener, an idle client losing its connection would crash the process.
  pool.on('error', (err) => options.log.warn('database idle connection error', { err }));
  return pool;
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
  return openPool(database.connstring, { maxConnections: database.maxConnections, log });
}
