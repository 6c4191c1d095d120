import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

/** Amazon Linux 1 (2018.03), 2 and 2023, from os-release (ID amzn). */
export const awsDistributionScanner = osReleaseScanner({
  name: 'aws',
  version: '2',
  detect: (os) => (os.ID === 'amzn' ? amazonRelease(os.VERSION_ID ?? '') : undefined),
});

/**
 * An Amazon Linux release as every Amazon scanner and updater names it. Amazon Linux 1 has one
 * vulnerability stream, so all its point releases (2016.09 ... 2018.03) are the one 2018.03.
 */
export function amazonRelease(id: string): Distribution | undefined {
  const legacy = /^20\d\d\.\d\d$/.test(id);
  if (!legacy && id !== '2' && id !== '2023') return undefined;
  const versionId = legacy ? '2018.03' : id;
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
