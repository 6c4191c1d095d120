import { PSK_KEY_ENV } from '../lib/config/deployment-env.ts';
import { type LoadedConfig, loadConfig } from '../lib/config/load.ts';
import type { Env } from '../lib/config/yaml-reader.ts';

// Stands in for the generated PSK, which only the deployed functions read: valid padded base64.
const SYNTH_PSK = Buffer.alloc(33).toString('base64');

/**
 * The config file validated as the functions will read it, by the same validator: the secret
 * the stack generates is not known at synth, so a placeholder stands in for it.
 */
export function loadDeploymentConfig(configFile: string, env: Env): Promise<LoadedConfig> {
  return loadConfig(['--config', configFile], { ...env, [PSK_KEY_ENV]: SYNTH_PSK });
}
