import type { Ecosystem } from '../../indexer/types.ts';
import { gobinMatcher } from './matcher.ts';

/** Matching only, for now: its package scanner comes with the language packages work. */
export const gobin = {
  name: 'gobin',
  packageScanners: [],
  distributionScanners: [],
  repositoryScanners: [],
  matchers: [gobinMatcher],
} satisfies Ecosystem;
