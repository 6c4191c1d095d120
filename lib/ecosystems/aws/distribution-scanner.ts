import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

/** Amazon Linux 1 (2018.03), 2 and 2023, from os-release (ID amzn). */
export const awsDistributionScanner = osReleaseScanner({
  name: 'aws',
  version: '2',
  detect: (os) => (os.ID === 'amzn' ? amazonRelease(os.VERSION_ID ?? '') : undefined),
});

/** An Amazon Linux release as every Amazon scanner and updater names it. */
export function amazonRelease(versionId: string): Distribution | undefined {
  const legacy = /^20\d\d\.\d\d$/.test(versionId);
  if (!legacy && versionId !== '2' && versionId !== '2023') return undefined;
  const name = legacy ? 'Amazon Linux AMI' : 'Amazon Linux';
  return {
    did: 'amzn',
    name,
    version: versionId,
    versionCodeName: '',
    versionId,
    arch: '',
    cpe: legacy ? `cpe:/o:amazon:linux:${versionId}:ga` : `cpe:2.3:o:amazon:amazon_linux:${versionId}`,
    prettyName: `${name} ${versionId}`,
  };
}
