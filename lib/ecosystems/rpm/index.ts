import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { rpmOsReleaseDistributionScanner } from './distribution-scanner.ts';
import { rpmScanner } from './package-scanner.ts';

/** RPM distributions without an ecosystem of their own: CentOS, Rocky, AlmaLinux, Fedora. */
export const rpm = {
  name: 'rpm',
  packageScanners: [rpmScanner],
  distributionScanners: [rpmOsReleaseDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
} satisfies Ecosystem;
