import { parseOsRelease } from '../../indexer/os-release.ts';
import type { Distribution, DistributionScanner } from '../../indexer/types.ts';

const PATHS = ['etc/lsb-release', 'etc/os-release', 'usr/lib/os-release'];

/** Ubuntu from lsb-release, else os-release; both the version and the codename are needed. */
export const ubuntuDistributionScanner: DistributionScanner = {
  name: 'ubuntu',
  version: '3',
  kind: 'distribution',
  wants: (path) => (PATHS.includes(path) ? 'content' : 'none'),
  async scan(files) {
    const lsb = parseOsRelease(files.text('etc/lsb-release') ?? '');
    if (lsb.DISTRIB_ID?.toLowerCase() === 'ubuntu' && lsb.DISTRIB_RELEASE && lsb.DISTRIB_CODENAME) {
      return [ubuntuRelease(lsb.DISTRIB_RELEASE, lsb.DISTRIB_CODENAME)];
    }
    const os = parseOsRelease(files.text('etc/os-release') ?? files.text('usr/lib/os-release') ?? '');
    const codename = os.VERSION_CODENAME || os.UBUNTU_CODENAME;
    if (os.ID?.toLowerCase() === 'ubuntu' && os.VERSION_ID && codename)
      return [ubuntuRelease(os.VERSION_ID, codename)];
    return [];
  },
};

/** An Ubuntu release as every Ubuntu scanner and updater names it: 22.04, jammy. */
export function ubuntuRelease(versionId: string, codename: string): Distribution {
  const title = codename.charAt(0).toUpperCase() + codename.slice(1);
  return {
    did: 'ubuntu',
    name: 'Ubuntu',
    version: `${versionId} (${title})`,
    versionCodeName: codename,
    versionId,
    arch: '',
    cpe: '',
    prettyName: `Ubuntu ${versionId}`,
  };
}
