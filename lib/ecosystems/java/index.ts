import { languageCoalescer } from '../../indexer/language-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { javaMatcher } from './matcher.ts';
import { javaPackageScanner } from './package-scanner.ts';
import { javaRepositoryScanner } from './repository-scanner.ts';

export const java = {
  name: 'java',
  packageScanners: [javaPackageScanner],
  distributionScanners: [],
  repositoryScanners: [javaRepositoryScanner],
  coalescer: languageCoalescer(),
  matchers: [javaMatcher],
} satisfies Ecosystem;
