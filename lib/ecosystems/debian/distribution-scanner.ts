import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

/**
 * Debian from os-release (distroless images included): ID debian with a numeric VERSION_ID. The
 * codename is VERSION_CODENAME, else the word in parentheses in VERSION, as distroless writes it.
 */
export const debianDistributionScanner = osReleaseScanner({
  name: 'debian',
  version: '3',
  detect(os) {
    const versionId = os.VERSION_ID ?? '';
    if (os.ID !== 'debian' || !/^\d+$/.test(versionId)) return undefined;
    const codename = os.VERSION_CODENAME || (/\(([a-z]+)\)\s*$/.exec(os.VERSION ?? '')?.[1] ?? '');
    return debianRelease(versionId, codename);
  },
});

/** A Debian release as every Debian scanner and updater names it. */
export function debianRelease(versionId: string, codename: string): Distribution {
  const version = codename === '' ? versionId : `${versionId} (${codename})`;
  return {
    did: 'debian',
    name: 'Debian GNU/Linux',
    version,
    versionCodeName: codename,
    versionId,
    arch: '',
    cpe: '',
    prettyName: `Debian GNU/Linux ${version}`,
  };
}
