import { languageCoalescer } from '../../indexer/language-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { pythonMatcher } from './matcher.ts';
import { pythonPackageScanner } from './package-scanner.ts';
import { pythonRepositoryScanner } from './repository-scanner.ts';

export const python = {
  name: 'python',
  packageScanners: [pythonPackageScanner],
  distributionScanners: [],
  repositoryScanners: [pythonRepositoryScanner],
  coalescer: languageCoalescer(),
  matchers: [pythonMatcher],
} satisfies Ecosystem;
