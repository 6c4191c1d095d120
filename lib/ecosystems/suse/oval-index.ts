// Which OVAL documents of SUSE's security folder clairless reads (claircore's suse/factory.go).
import type { Distribution } from '../../indexer/types.ts';
import { suseRelease } from './distribution-scanner.ts';

export type SuseFeed = { readonly name: string; readonly url: string; readonly dist: Distribution };

const SLES = /^suse\.linux\.enterprise\.server\.([1-9][1-9])\.xml\.gz$/;
const LEAP = /^opensuse\.leap\.(1\d)\.(\d+)\.xml\.gz$/;
/** The oldest openSUSE Leap read, as claircore: [major, minor]. */
const MIN_LEAP = [15, 5] as const;

/**
 * The documents an HTML folder index links to: `suse.linux.enterprise.server.NN.xml.gz` and
 * `opensuse.leap.1X.Y.xml.gz` from 15.5 on, each once, resolved against `base`.
 */
export function suseFeeds(html: string, base: string): SuseFeed[] {
  const feeds = new Map<string, SuseFeed>();
  for (const [, href = ''] of html.matchAll(/<a\s[^>]*?href\s*=\s*["']([^"']+)["']/gi)) {
    const url = new URL(href, base);
    const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    const dist = slesDist(file) ?? leapDist(file);
    if (dist === undefined) continue;
    const name = `suse-updater-${dist.prettyName.toLowerCase().replaceAll(' ', '.')}`;
    if (!feeds.has(name)) feeds.set(name, { name, url: url.href, dist });
  }
  return [...feeds.values()];
}

const slesDist = (file: string): Distribution | undefined => suseRelease('sles', SLES.exec(file)?.[1]);

function leapDist(file: string): Distribution | undefined {
  const [, major = '', minor = ''] = LEAP.exec(file) ?? [];
  const [minMajor, minMinor] = MIN_LEAP;
  const recent = Number(major) > minMajor || (Number(major) === minMajor && Number(minor) >= minMinor);
  return major !== '' && recent ? suseRelease('opensuse-leap', `${major}.${minor}`) : undefined;
}
