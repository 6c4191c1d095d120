import { osReleaseDistribution } from '../../indexer/os-release.ts';
import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';

/** RPM distributions with no vulnerability source of their own, described by their os-release as is. */
const IDS = new Set(['centos', 'rocky', 'almalinux', 'fedora']);

export const rpmOsReleaseDistributionScanner = osReleaseScanner({
  name: 'os-release',
  version: '2',
  detect: (os) => (os.ID !== undefined && IDS.has(os.ID) ? osReleaseDistribution(os) : undefined),
});
