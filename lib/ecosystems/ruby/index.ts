import type { Ecosystem } from '../../indexer/types.ts';
import { rubyMatcher } from './matcher.ts';

/** Matching only, for now: its package scanner comes with the language packages work. */
export const ruby = {
  name: 'ruby',
  packageScanners: [],
  distributionScanners: [],
  repositoryScanners: [],
  matchers: [rubyMatcher],
} satisfies Ecosystem;
