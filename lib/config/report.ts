import type { Logger } from '../log.ts';
import type { LoadedConfig } from './load.ts';

/** Logs what an operator should know about the loaded config, once per process start. */
export function reportConfig(loaded: LoadedConfig, log: Logger): void {
  for (const warning of loaded.warnings) log.warn('config warning', { file: loaded.config.file, warning });
  const { psk, keyserver } = loaded.config.auth;
  if (psk === undefined && keyserver === undefined) {
    log.warn('auth disabled', {
      reason: 'no auth section in the config: the API is open to anyone who can reach it',
    });
  }
}
