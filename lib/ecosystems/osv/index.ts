import type { Ecosystem } from '../../indexer/types.ts';
import { osvUpdaterSet } from './updater.ts';

/** OSV brings vulnerability data only: language packages come from the python, java, ... scanners. */
export const osv = {
  name: 'osv',
  packageScanners: [],
  distributionScanners: [],
  repositoryScanners: [],
  updaters: osvUpdaterSet,
} satisfies Ecosystem;
