import type { Ecosystem } from '../../indexer/types.ts';
import { nodejsMatcher } from './matcher.ts';

/** Matching only, for now: its package scanner comes with the language packages work. */
export const nodejs = {
  name: 'nodejs',
  packageScanners: [],
  distributionScanners: [],
  repositoryScanners: [],
  matchers: [nodejsMatcher],
} satisfies Ecosystem;
