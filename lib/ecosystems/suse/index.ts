import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { rpmScanner } from '../rpm/package-scanner.ts';
import { suseDistributionScanner } from './distribution-scanner.ts';
import { suseMatcher } from './matcher.ts';
import { suseUpdaterSet } from './updater.ts';

export const suse = {
  name: 'suse',
  packageScanners: [rpmScanner],
  distributionScanners: [suseDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  matchers: [suseMatcher],
  updaters: suseUpdaterSet,
} satisfies Ecosystem;
