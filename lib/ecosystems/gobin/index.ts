import type { Ecosystem } from '../../indexer/types.ts';
import { gobinCoalescer } from './coalescer.ts';
import { gobinMatcher } from './matcher.ts';
import { gobinPackageScanner } from './package-scanner.ts';
import { gobinRepositoryScanner } from './repository-scanner.ts';

export const gobin = {
  name: 'gobin',
  packageScanners: [gobinPackageScanner],
  distributionScanners: [],
  repositoryScanners: [gobinRepositoryScanner],
  coalescer: gobinCoalescer(),
  matchers: [gobinMatcher],
} satisfies Ecosystem;
