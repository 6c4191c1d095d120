import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { rpmScanner } from '../rpm/package-scanner.ts';
import { photonDistributionScanner } from './distribution-scanner.ts';
import { photonMatcher } from './matcher.ts';
import { photonUpdaterSet } from './updater.ts';

export const photon = {
  name: 'photon',
  packageScanners: [rpmScanner],
  distributionScanners: [photonDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  matchers: [photonMatcher],
  updaters: photonUpdaterSet,
} satisfies Ecosystem;
