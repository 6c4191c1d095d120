import { languageCoalescer } from '../../indexer/language-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { rubyMatcher } from './matcher.ts';
import { rubyPackageScanner } from './package-scanner.ts';
import { rubyRepositoryScanner } from './repository-scanner.ts';

export const ruby = {
  name: 'ruby',
  packageScanners: [rubyPackageScanner],
  distributionScanners: [],
  repositoryScanners: [rubyRepositoryScanner],
  coalescer: languageCoalescer(),
  matchers: [rubyMatcher],
} satisfies Ecosystem;
