// Oracle ELSA advisories name binary rpm packages per Oracle Linux release (claircore-engine.md 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { rpmVulnerable } from '../rpm/matcher-rule.ts';

export const oracleMatcher: Matcher = {
  name: 'oracle',
  filter: (r) => r.distribution?.did === 'ol' || r.distribution?.name === 'Oracle Linux Server',
  query: ['dist_id', 'dist_name', 'dist_version'],
  vulnerable: rpmVulnerable,
};
