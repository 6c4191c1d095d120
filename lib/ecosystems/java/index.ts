import type { Ecosystem } from '../../indexer/types.ts';
import { javaMatcher } from './matcher.ts';

/** Matching only, for now: its package scanner comes with the language packages work. */
export const java = {
  name: 'java',
  packageScanners: [],
  distributionScanners: [],
  repositoryScanners: [],
  matchers: [javaMatcher],
} satisfies Ecosystem;
