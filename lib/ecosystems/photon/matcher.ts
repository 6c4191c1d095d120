// Photon OVAL advisories name binary rpm packages per Photon release (claircore-engine.md 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { rpmVulnerable } from '../rpm/matcher-rule.ts';

export const photonMatcher: Matcher = {
  name: 'photon',
  filter: (r) => r.distribution?.did === 'photon',
  query: ['dist_id', 'dist_name', 'dist_version'],
  vulnerable: rpmVulnerable,
};
