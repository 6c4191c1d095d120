// The Amazon Linux releases ALAS publishes advisories for, as claircore's aws updaters name them.
import type { Distribution } from '../../indexer/types.ts';
import { amazonRelease } from './distribution-scanner.ts';

export const RELEASES = ['AL1', 'AL2', 'AL2023'] as const;
export type AmazonRelease = (typeof RELEASES)[number];

// Each release's updates repository lists its mirrors here (claircore aws/releases.go).
const MIRROR_LISTS: Readonly<Record<AmazonRelease, string>> = {
  AL1: 'http://repo.us-west-2.amazonaws.com/2018.03/updates/x86_64/mirror.list',
  AL2: 'https://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list',
  AL2023: 'https://cdn.amazonlinux.com/al2023/core/mirrors/latest/x86_64/mirror.list',
};

// The os-release VERSION_ID each release's images carry (AL1's point releases are all 2018.03).
const VERSION_IDS: Readonly<Record<AmazonRelease, string>> = { AL1: '2018.03', AL2: '2', AL2023: '2023' };

export const isAmazonRelease = (name: string): name is AmazonRelease =>
  (RELEASES as readonly string[]).includes(name);

/** The updater name claircore gives a release's ALAS feed, e.g. `aws-AL2-updater`. */
export const alasUpdaterName = (release: AmazonRelease): string => `aws-${release}-updater`;

/** The release's mirror list: upstream's, or `<base>/<release>/mirror.list` under a base URL. */
export function mirrorListUrl(release: AmazonRelease, base?: string): string {
  if (base === undefined) return MIRROR_LISTS[release];
  return new URL(`${release}/mirror.list`, base.endsWith('/') ? base : `${base}/`).href;
}

/** The distribution the release's advisories are about, exactly as the aws scanner reports it. */
export function releaseDistribution(release: AmazonRelease): Distribution {
  const dist = amazonRelease(VERSION_IDS[release]);
  if (dist === undefined) throw new Error(`aws: no distribution for ${release}`);
  return dist;
}
