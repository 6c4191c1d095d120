// ALAS advisories name binary rpm packages per Amazon Linux release (claircore-engine.md 4.4).
import type { Matcher } from '../../matcher/types.ts';
import { rpmVulnerable } from '../rpm/matcher-rule.ts';

const NAMES = new Set(['Amazon Linux AMI', 'Amazon Linux']);

export const awsMatcher: Matcher = {
  name: 'aws-matcher',
  filter: (r) => NAMES.has(r.distribution?.name ?? '') || r.distribution?.did === 'amzn',
  query: ['dist_id', 'dist_version_id'],
  vulnerable: rpmVulnerable,
};
