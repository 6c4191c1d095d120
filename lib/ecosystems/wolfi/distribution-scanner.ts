import { osReleaseDistribution } from '../../indexer/os-release.ts';
import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';

/** Wolfi and the Chainguard images built on it, from os-release. */
export const wolfiDistributionScanner = osReleaseScanner({
  name: 'wolfi',
  version: '1',
  detect: (os) => (os.ID === 'wolfi' || os.ID === 'chainguard' ? osReleaseDistribution(os) : undefined),
});
