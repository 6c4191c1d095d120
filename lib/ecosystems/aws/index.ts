import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { rpmScanner } from '../rpm/package-scanner.ts';
import { awsDistributionScanner } from './distribution-scanner.ts';
import { awsMatcher } from './matcher.ts';
import { awsUpdaterSet } from './updater.ts';

export const aws = {
  name: 'aws',
  packageScanners: [rpmScanner],
  distributionScanners: [awsDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  updaters: awsUpdaterSet,
  matchers: [awsMatcher],
} satisfies Ecosystem;
