import { linuxCoalescer } from '../../indexer/linux-coalescer.ts';
import type { Ecosystem } from '../../indexer/types.ts';
import { apkScanner } from '../alpine/apk-scanner.ts';
import { wolfiDistributionScanner } from './distribution-scanner.ts';

export const wolfi = {
  name: 'wolfi',
  packageScanners: [apkScanner],
  distributionScanners: [wolfiDistributionScanner],
  repositoryScanners: [],
  coalescer: linuxCoalescer,
} satisfies Ecosystem;
