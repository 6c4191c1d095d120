import { languageCoalescer } from '../../indexer/language-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { nodejsMatcher } from './matcher.ts';
import { nodejsPackageScanner } from './package-scanner.ts';
import { nodejsRepositoryScanner } from './repository-scanner.ts';

export const nodejs = {
  name: 'nodejs',
  packageScanners: [nodejsPackageScanner],
  distributionScanners: [],
  repositoryScanners: [nodejsRepositoryScanner],
  coalescer: languageCoalescer(),
  matchers: [nodejsMatcher],
} satisfies Ecosystem;
