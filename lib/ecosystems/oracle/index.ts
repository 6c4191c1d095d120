import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { rpmScanner } from '../rpm/package-scanner.ts';
import { oracleDistributionScanner } from './distribution-scanner.ts';
import { oracleMatcher } from './matcher.ts';
import { oracleUpdaterSet } from './updater.ts';

export const oracle = {
  name: 'oracle',
  packageScanners: [rpmScanner],
  distributionScanners: [oracleDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  matchers: [oracleMatcher],
  updaters: oracleUpdaterSet,
} satisfies Ecosystem;
