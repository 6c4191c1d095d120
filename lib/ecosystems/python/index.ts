import type { Ecosystem } from '../../indexer/types.ts';
import { pythonMatcher } from './matcher.ts';

/** Matching only, for now: its package scanner comes with the language packages work. */
export const python = {
  name: 'python',
  packageScanners: [],
  distributionScanners: [],
  repositoryScanners: [],
  matchers: [pythonMatcher],
} satisfies Ecosystem;
