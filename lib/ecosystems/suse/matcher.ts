// SUSE OVAL advisories name binary rpm packages per SLES or openSUSE Leap release
// (claircore-engine.md 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { rpmVulnerable } from '../rpm/matcher-rule.ts';

const IDS = new Set(['sles', 'opensuse', 'opensuse-leap']);
const NAMES = new Set(['SLES', 'openSUSE Leap']);

export const suseMatcher: Matcher = {
  name: 'suse',
  filter: (r) => IDS.has(r.distribution?.did ?? '') || NAMES.has(r.distribution?.name ?? ''),
  query: ['dist_id', 'dist_name', 'dist_version'],
  vulnerable: rpmVulnerable,
};
