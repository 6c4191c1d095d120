// The settings of the RHEL repository scanner, `indexer.scanner.repo.rhel-repository-scanner`.
import { existsSync } from 'node:fs';
import { parseDurationMs } from '../../config/duration.ts';
import type { PluginConfig } from '../../config/types.ts';
import { ConfigError } from '../../errors.ts';
import { pluginConfigAt } from '../../updater/plugin-config.ts';
import type { MappingSource } from './mapping-file.ts';
import { DEFAULT_REPOSITORY_CPE_MAPPING_URL } from './repository-cpe-mapping.ts';

export const REPOSITORY_SCANNER_CONFIG = 'indexer.scanner.repo.rhel-repository-scanner';

export type RepositoryScannerSettings = {
  /** The URL (Red Hat's by default), the file alone, or the file standing in until the URL answers. */
  readonly mapping: MappingSource;
  /** One mapping request. @default 10 seconds */
  readonly timeoutMs: number;
};

const KEYS = ['repo2cpe_mapping_url', 'repo2cpe_mapping_file', 'timeout'];
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The settings, as claircore reads them: a file alone is used alone (no network), a URL with a
 * file is seeded from the file. Throws ConfigError naming the key.
 */
export function repositoryScannerSettings(raw: PluginConfig): RepositoryScannerSettings {
  const config = pluginConfigAt(raw, REPOSITORY_SCANNER_CONFIG, KEYS);
  const file = raw.repo2cpe_mapping_file;
  if (file !== undefined && file !== null && (typeof file !== 'string' || file === '')) {
    throw new ConfigError(
      `${REPOSITORY_SCANNER_CONFIG}.repo2cpe_mapping_file: want a file path, got ${JSON.stringify(file)}`,
    );
  }
  const url = raw.repo2cpe_mapping_url ?? undefined;
  const mapping: MappingSource =
    typeof file !== 'string'
      ? { url: config.url('repo2cpe_mapping_url', DEFAULT_REPOSITORY_CPE_MAPPING_URL) }
      : url === undefined
        ? { file }
        : { url: config.url('repo2cpe_mapping_url', ''), file };
  return { mapping, timeoutMs: timeoutMs(raw.timeout) };
}

function timeoutMs(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_TIMEOUT_MS;
  const ms = typeof value === 'string' ? parseDurationMs(value) : undefined;
  if (ms === undefined) {
    throw new ConfigError(
      `${REPOSITORY_SCANNER_CONFIG}.timeout: want a duration such as "10s", got ${JSON.stringify(value)}`,
    );
  }
  return ms === 0 ? DEFAULT_TIMEOUT_MS : ms;
}

/** The start-up check: the settings read, and a mapping file named is there. */
export function checkRepositoryScannerConfig(raw: PluginConfig): void {
  const { mapping } = repositoryScannerSettings(raw);
  if (mapping.file !== undefined && !existsSync(mapping.file)) {
    throw new ConfigError(`${REPOSITORY_SCANNER_CONFIG}.repo2cpe_mapping_file: no file at ${mapping.file}`);
  }
}
