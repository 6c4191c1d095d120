import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

/** SUSE Linux Enterprise Server (by major release) and openSUSE Leap, from os-release. */
export const suseDistributionScanner = osReleaseScanner({
  name: 'suse',
  version: 'v0.0.1',
  detect(os) {
    const versionId = os.VERSION_ID ?? '';
    if (os.ID === 'sles' || os.ID === 'sles_sap') return suseRelease('sles', /^\d+/.exec(versionId)?.[0]);
    if (os.ID === 'opensuse-leap') return suseRelease('opensuse-leap', /^\d+\.\d+/.exec(versionId)?.[0]);
    return undefined;
  },
});

/** A SUSE release as every SUSE scanner and updater names it. */
export function suseRelease(
  did: 'sles' | 'opensuse-leap',
  version: string | undefined,
): Distribution | undefined {
  if (version === undefined) return undefined;
  const [name, pretty] =
    did === 'sles' ? ['SLES', 'SUSE Linux Enterprise Server'] : ['openSUSE Leap', 'openSUSE Leap'];
  return {
    did,
    name,
    version,
    versionCodeName: '',
    versionId: version,
    arch: '',
    cpe: '',
    prettyName: `${pretty} ${version}`,
  };
}
