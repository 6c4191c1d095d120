import { osReleaseDistribution } from '../../indexer/os-release.ts';
import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

const RELEASE = /Red Hat Enterprise Linux (?:Server|Atomic Host)?\s*(?:release)?\s*(\d+)(?:\.\d+)?/;

/**
 * Red Hat Enterprise Linux (UBI included) from os-release, else etc/redhat-release. Oracle
 * Linux also ships a redhat-release naming RHEL, so a layer with oracle-release is not RHEL.
 * Hummingbird images are described by their own os-release.
 */
export const rhelDistributionScanner = osReleaseScanner({
  name: 'rhel',
  version: '3',
  otherFiles: ['etc/redhat-release', 'etc/oracle-release'],
  detect(os, files) {
    if (os.ID === 'hummingbird') return osReleaseDistribution(os);
    if (os.ID !== undefined)
      return os.ID === 'rhel' ? rhelRelease(/^\d+/.exec(os.VERSION_ID ?? '')?.[0]) : undefined;
    if (files.text('etc/oracle-release') !== undefined) return undefined;
    return rhelRelease(RELEASE.exec(files.text('etc/redhat-release') ?? '')?.[1]);
  },
});

/** A RHEL major release as every RHEL scanner and updater names it. */
export function rhelRelease(major: string | undefined): Distribution | undefined {
  if (major === undefined) return undefined;
  return {
    did: 'rhel',
    name: 'Red Hat Enterprise Linux Server',
    version: major,
    versionCodeName: '',
    versionId: major,
    arch: '',
    cpe: `cpe:/o:redhat:enterprise_linux:${major}`,
    prettyName: `Red Hat Enterprise Linux Server ${major}`,
  };
}
