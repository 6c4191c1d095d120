import type { IndexerConfig, PluginConfig } from '../config/types.ts';
import type { AnyScanner } from './types.ts';

// Clair's config names the scanner kinds `package`, `dist` and `repo`; file scanners take none.
const CONFIG_KEY = { package: 'package', distribution: 'dist', repository: 'repo' } as const;

/** A scanner's `indexer.scanner.<kind>.<name>` settings; {} when there are none. */
export function scannerConfig(scanner: AnyScanner, config: IndexerConfig): PluginConfig {
  if (scanner.kind === 'file') return {};
  return config.scanner[CONFIG_KEY[scanner.kind]][scanner.name] ?? {};
}

/** The start-up check of every scanner's settings, so a wrong key stops the process, not a scan. */
export function checkScannerConfigs(scanners: readonly AnyScanner[], config: IndexerConfig): void {
  for (const scanner of scanners) scanner.checkConfig?.(scannerConfig(scanner, config));
}
