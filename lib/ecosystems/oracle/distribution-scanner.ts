import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

const RELEASE = /Oracle Linux Server release (\d+)/i;

/** Oracle Linux from os-release (ID ol), else etc/oracle-release, else etc/issue (Oracle Linux 5). */
export const oracleDistributionScanner = osReleaseScanner({
  name: 'oracle',
  version: '1',
  otherFiles: ['etc/oracle-release', 'etc/issue'],
  detect(os, files) {
    if (os.ID !== undefined)
      return os.ID === 'ol' ? oracleRelease(/^\d+/.exec(os.VERSION_ID ?? '')?.[0]) : undefined;
    const release = files.text('etc/oracle-release') ?? files.text('etc/issue') ?? '';
    return oracleRelease(RELEASE.exec(release)?.[1]);
  },
});

/** An Oracle Linux major release as every Oracle scanner and updater names it. */
export function oracleRelease(major: string | undefined): Distribution | undefined {
  if (major === undefined) return undefined;
  return {
    did: 'ol',
    name: 'Oracle Linux Server',
    version: major,
    versionCodeName: `Oracle Linux ${major}`,
    versionId: major,
    arch: '',
    cpe: '',
    prettyName: `Oracle Linux Server ${major}`,
  };
}
