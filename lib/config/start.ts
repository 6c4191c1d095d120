import { ConfigError } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';
import { loadConfig } from './load.ts';
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

/** An environment variable a deployed function cannot run without (queue URLs set by the stack). */
export function requiredEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`environment variable ${name} is not set`);
  return value;
}
