import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { debianDistributionScanner } from './distribution-scanner.ts';
import { distrolessScanner } from './distroless-scanner.ts';
import { dpkgScanner } from './dpkg-scanner.ts';
import { debianMatcher } from './matcher.ts';
import { debianUpdaterSet } from './updater.ts';

export const debian = {
  name: 'debian',
  packageScanners: [dpkgScanner, distrolessScanner],
  distributionScanners: [debianDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  updaters: debianUpdaterSet,
  matchers: [debianMatcher],
} satisfies Ecosystem;
