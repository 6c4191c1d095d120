import { osReleaseScanner } from '../../indexer/os-release-scanner.ts';
import type { Distribution } from '../../indexer/types.ts';

/** Alpine from os-release (3.18.4 is release 3.18; "Alpine Linux edge" is edge), else etc/issue. */
export const alpineDistributionScanner = osReleaseScanner({
  name: 'alpine',
  version: '3',
  otherFiles: ['etc/issue'],
  detect(os, files) {
    if (os.ID === 'alpine') {
      if (os.PRETTY_NAME === 'Alpine Linux edge') return alpineRelease('edge');
      const release = /^(\d+\.\d+)/.exec(os.VERSION_ID ?? '')?.[1];
      if (release !== undefined) return alpineRelease(release);
    }
    const issue = /Alpine Linux (\S+ \(edge\)|\d+\.\d+)/.exec(files.text('etc/issue') ?? '')?.[1];
    if (issue === undefined) return undefined;
    return alpineRelease(issue.endsWith('(edge)') ? 'edge' : issue);
  },
});

/** An Alpine release as every Alpine scanner and updater names it: 3.18, or edge. */
export function alpineRelease(version: string): Distribution {
  return {
    did: 'alpine',
    name: 'Alpine Linux',
    version,
    versionCodeName: '',
    versionId: '',
    arch: '',
    cpe: '',
    prettyName: version === 'edge' ? 'Alpine Linux edge' : `Alpine Linux v${version}`,
  };
}
