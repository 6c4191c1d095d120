import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { distrolessScanner } from '../debian/distroless-scanner.ts';
import { dpkgScanner } from '../debian/dpkg-scanner.ts';
import { ubuntuDistributionScanner } from './distribution-scanner.ts';
import { ubuntuMatcher } from './matcher.ts';
import { ubuntuUpdaterSet } from './updater.ts';

export const ubuntu = {
  name: 'ubuntu',
  packageScanners: [dpkgScanner, distrolessScanner],
  distributionScanners: [ubuntuDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
  updaters: ubuntuUpdaterSet,
  matchers: [ubuntuMatcher],
} satisfies Ecosystem;
