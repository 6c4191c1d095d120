import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { rpmScanner } from '../rpm/package-scanner.ts';
import { rhelDistributionScanner } from './distribution-scanner.ts';
import { rhelVexUpdaterSet } from './vex/updater.ts';

export const rhel = {
  name: 'rhel',
  packageScanners: [rpmScanner],
  distributionScanners: [rhelDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  updaters: rhelVexUpdaterSet,
} satisfies Ecosystem;
