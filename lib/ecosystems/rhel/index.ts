import type { Ecosystem } from '../../indexer/types.ts';
import { rhelCoalescer } from './coalescer.ts';
import { rhelDistributionScanner } from './distribution-scanner.ts';
import { rhelMatcher } from './matcher.ts';
import { rhelPackageScanner } from './package-scanner.ts';
import { rhelRepositoryScanner } from './repository-scanner.ts';
import { rhelVexUpdaterSet } from './vex/updater.ts';

export const rhel = {
  name: 'rhel',
  packageScanners: [rhelPackageScanner],
  distributionScanners: [rhelDistributionScanner],
  repositoryScanners: [rhelRepositoryScanner],
  coalescer: rhelCoalescer,
  updaters: rhelVexUpdaterSet,
  matchers: [rhelMatcher],
} satisfies Ecosystem;
