// The settings of the RHEL repository scanner, `indexer.scanner.repo.rhel-repository-scanner`.
import type { PluginConfig } from '../../config/types.ts';
import {
  checkMappingSettings,
  type MappingKeys,
  type MappingSettings,
  mappingSettings,
} from './mapping-settings.ts';
import { DEFAULT_REPOSITORY_CPE_MAPPING_URL } from './repository-cpe-mapping.ts';

export const REPOSITORY_SCANNER_CONFIG = 'indexer.scanner.repo.rhel-repository-scanner';

const KEYS: MappingKeys = {
  where: REPOSITORY_SCANNER_CONFIG,
  urlKey: 'repo2cpe_mapping_url',
  fileKey: 'repo2cpe_mapping_file',
  defaultUrl: DEFAULT_REPOSITORY_CPE_MAPPING_URL,
  // claircore's switch for Red Hat's container API, kept (deprecated) after the API went unused.
  ignoredKeys: ['disable_api'],
};

/** The settings; throws ConfigError naming the key. */
export const repositoryScannerSettings = (raw: PluginConfig): MappingSettings => mappingSettings(raw, KEYS);

/** The start-up check: the settings read, and a mapping file named is there. */
export const checkRepositoryScannerConfig = (raw: PluginConfig): void => checkMappingSettings(raw, KEYS);
