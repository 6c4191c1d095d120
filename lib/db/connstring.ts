import type { PoolConfig } from 'pg';
import { ConfigError } from '../errors.ts';

// Clair accepts a postgres:// URL or a libpq keyword/value string ("host=db dbname=clair").
// pg reads URLs itself; keyword strings are translated here.

const KEYWORDS = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'sslmode',
  'connect_timeout',
  'application_name',
  'pool_max_conns',
]);

/** pg settings for a connection string in either form. */
export function parseConnstring(connstring: string): PoolConfig {
  if (/^postgres(ql)?:\/\//.test(connstring)) return { connectionString: connstring };
  const settings = parseKeywords(connstring);
  for (const key of Object.keys(settings)) {
    if (!KEYWORDS.has(key)) {
      throw new ConfigError(
        `connstring keyword ${JSON.stringify(key)} is not supported: want one of ${[...KEYWORDS].join(', ')}`,
      );
    }
  }
  const port = settings.port === undefined ? undefined : Number(settings.port);
  if (port !== undefined && !Number.isInteger(port)) {
    throw new ConfigError(`connstring port ${JSON.stringify(settings.port)} is not a number`);
  }
  return {
    host: settings.hostaddr ?? settings.host,
    port,
    database: settings.dbname,
    user: settings.user,
    password: settings.password,
    ssl: sslFor(settings.sslmode),
    connectionTimeoutMillis:
      settings.connect_timeout === undefined ? undefined : Number(settings.connect_timeout) * 1000,
    application_name: settings.application_name,
  };
}

function sslFor(mode: string | undefined): PoolConfig['ssl'] {
  switch (mode) {
    case undefined:
    case 'disable':
    case 'allow':
    case 'prefer':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return true;
    default:
      throw new ConfigError(
        `connstring sslmode ${JSON.stringify(mode)} is not one of disable, allow, prefer, require, verify-ca, verify-full`,
      );
  }
}

// libpq syntax: key = value pairs separated by spaces; values may be single-quoted with \' and \\.
function parseKeywords(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pair = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|([^\s']*))/y;
  let at = 0;
  while (at < text.trimEnd().length) {
    pair.lastIndex = at;
    const match = pair.exec(text);
    if (match === null)
      throw new ConfigError(
        `connstring is neither a postgres:// URL nor key=value pairs near ${JSON.stringify(text.slice(at, at + 20))}`,
      );
    const [, key, quoted, bare] = match;
    out[key as string] = quoted === undefined ? (bare as string) : quoted.replace(/\\(.)/g, '$1');
    at = pair.lastIndex;
  }
  return out;
}
