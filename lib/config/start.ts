import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';
import { DEFAULT_CONFIG_PATH } from './defaults.ts';
import { configPath, loadConfig, parseConfig } from './load.ts';
import { reportConfig } from './report.ts';
import type { Config } from './types.ts';
import type { Env } from './yaml-reader.ts';

export type Started = { readonly config: Config; readonly log: Logger };

/** What every process does first (a Lambda cold start, the CLI): load the config, make the logger, report. */
export async function startProcess(argv: readonly string[], env: Env): Promise<Started> {
  const loaded = await loadConfig(argv, env);
  const log = createLogger({ level: loaded.config.logLevel });
  reportConfig(loaded, log);
  return { config: loaded.config, log };
}

/**
 * A client command (it talks to registries and to a clairless API): the config is read only for
 * what the client needs, such as the PSK to sign with, without the services' start-up report; with
 * no config named and no config/local.yaml here, the defaults.
 */
export async function startClient(argv: readonly string[], env: Env): Promise<Started> {
  const file = configPath(argv, env);
  const named = file !== DEFAULT_CONFIG_PATH || argv.some((a) => a.startsWith('--config'));
  const loaded = named || existsSync(file) ? await loadConfig(argv, env) : parseConfig('', '(defaults)', env);
  return { config: loaded.config, log: createLogger({ level: loaded.config.logLevel }) };
}

/** An environment variable a deployed function cannot run without (queue URLs set by the stack). */
export function requiredEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`environment variable ${name} is not set`);
  return value;
}
