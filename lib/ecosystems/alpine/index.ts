import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { apkScanner } from './apk-scanner.ts';
import { alpineDistributionScanner } from './distribution-scanner.ts';
import { alpineMatcher } from './matcher.ts';
import { alpineUpdaterSet } from './updater.ts';

export const alpine = {
  name: 'alpine',
  packageScanners: [apkScanner],
  distributionScanners: [alpineDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  updaters: alpineUpdaterSet,
  matchers: [alpineMatcher],
} satisfies Ecosystem;
