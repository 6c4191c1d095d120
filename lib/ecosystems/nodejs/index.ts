import type { Ecosystem } from '../../indexer/types.ts';
import { nodejsCoalescer } from './coalescer.ts';
import { nodejsMatcher } from './matcher.ts';
import { nodejsPackageScanner } from './package-scanner.ts';
import { nodejsRepositoryScanner } from './repository-scanner.ts';

export const nodejs = {
  name: 'nodejs',
  packageScanners: [nodejsPackageScanner],
  distributionScanners: [],
  repositoryScanners: [nodejsRepositoryScanner],
  coalescer: nodejsCoalescer(),
  matchers: [nodejsMatcher],
} satisfies Ecosystem;
