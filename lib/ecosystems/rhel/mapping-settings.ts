// The settings every scanner that reads one of Red Hat's mapping files takes (claircore's
// RepositoryScannerConfig and rhcc ScannerConfig): a URL, a local file, and a request timeout.
import { existsSync } from 'node:fs';
import type { PluginConfig } from '../../config/types.ts';
import { ConfigError } from '../../errors.ts';
import { pluginConfigAt } from '../../updater/plugin-config.ts';
import type { MappingSource } from './mapping-file.ts';

/** Where one scanner's mapping settings are and what they are called. */
export type MappingKeys = {
  /** The settings' key path, e.g. `indexer.scanner.repo.rhel-repository-scanner`. */
  readonly where: string;
  readonly urlKey: string;
  readonly fileKey: string;
  readonly defaultUrl: string;
  /** Keys claircore still accepts but no longer reads: allowed, whatever their value, and unused. */
  readonly ignoredKeys?: readonly string[];
};

export type MappingSettings = {
  /** The URL (Red Hat's by default), the file alone, or the file standing in until the URL answers. */
  readonly mapping: MappingSource;
  /** One mapping request. @default 10 seconds */
  readonly timeoutMs: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The settings, as claircore reads them: a file alone is used alone (no network), a URL with a
 * file is seeded from the file; an empty value is no value. Throws ConfigError naming the key.
 */
export function mappingSettings(raw: PluginConfig, keys: MappingKeys): MappingSettings {
  const { where, urlKey, fileKey } = keys;
  const config = pluginConfigAt(raw, where, [urlKey, fileKey, 'timeout', ...(keys.ignoredKeys ?? [])]);
  const given = (key: string) => raw[key] !== undefined && raw[key] !== null && raw[key] !== '';
  const file = raw[fileKey];
  if (given(fileKey) && typeof file !== 'string') {
    throw new ConfigError(`${where}.${fileKey}: want a file path, got ${JSON.stringify(file)}`);
  }
  const mapping: MappingSource =
    typeof file !== 'string' || file === ''
      ? { url: given(urlKey) ? config.url(urlKey, '') : keys.defaultUrl }
      : given(urlKey)
        ? { url: config.url(urlKey, ''), file }
        : { file };
  // claircore reads a zero timeout as its default.
  return { mapping, timeoutMs: config.duration('timeout', DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS };
}

/** The start-up check: the settings read, and a mapping file named is there. */
export function checkMappingSettings(raw: PluginConfig, keys: MappingKeys): void {
  const { mapping } = mappingSettings(raw, keys);
  if (mapping.file !== undefined && !existsSync(mapping.file)) {
    throw new ConfigError(`${keys.where}.${keys.fileKey}: no file at ${mapping.file}`);
  }
}
