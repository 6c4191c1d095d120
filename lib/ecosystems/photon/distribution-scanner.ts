import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

/** VMware Photon OS 1.0 to 5.0, from os-release (ID photon). */
export const photonDistributionScanner = osReleaseScanner({
  name: 'photon',
  version: 'v0.0.1',
  detect: (os) =>
    os.ID === 'photon' ? photonRelease(/^\d+\.\d+/.exec(os.VERSION_ID ?? '')?.[0]) : undefined,
});

/** A Photon release as every Photon scanner and updater names it: 3.0. */
export function photonRelease(version: string | undefined): Distribution | undefined {
  if (version === undefined) return undefined;
  return {
    did: 'photon',
    name: 'VMware Photon OS',
    version,
    versionCodeName: '',
    versionId: version,
    arch: '',
    cpe: '',
    prettyName: 'VMware Photon OS/Linux',
  };
}
