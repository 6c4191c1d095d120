// Severity from a VEX product's score and impact threat (claircore rhel/vex parser.go and
// rhel/internal/common/normalizeseverity.go): the CVSS vector as the severity text, Red Hat's
// impact rating as the normalised severity.
import type { Severity } from '../../../updater/types.ts';
import { cvssV2BaseScore, cvssV3BaseScore } from '../../osv/cvss.ts';
import type { CsafScore } from './csaf.ts';

const IMPACT: Readonly<Record<string, Severity>> = {
  none: 'Unknown',
  low: 'Low',
  moderate: 'Medium',
  important: 'High',
  critical: 'Critical',
};

/** Red Hat's impact rating (`Important`) as a normalised severity. */
export function normalizeImpact(details: string): Severity {
  return IMPACT[details.toLowerCase()] ?? 'Unknown';
}

// CVSS v4.0: the prefix and the eleven base metrics, each once; other groups are not checked.
const V4_BASE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];
function isCvssV4(vector: string): boolean {
  const match = /^CVSS:4\.0((?:\/[A-Z]+:[A-Z])+)$/.exec(vector);
  if (match === null) return false;
  const names = (match[1] ?? '')
    .slice(1)
    .split('/')
    .map((m) => m.split(':')[0]);
  return new Set(names).size === names.length && V4_BASE.every((m) => names.includes(m));
}

// Vectors already checked: a feed uses a few hundred, thousands of times each.
const checked = new Map<string, { vector: string } | { error: string }>();
const MAX_CHECKED = 10_000;

/** The vector of the newest CVSS version scored (v4, v3, v2), or why there is none usable. */
export function cvssVector(score: CsafScore | undefined): { vector: string } | { error: string } {
  if (score === undefined) return { error: 'no score' };
  const { cvss_v4: v4, cvss_v3: v3, cvss_v2: v2 } = score.cvss;
  const key = `${v4?.vector}\n${v3?.vector}\n${v2?.vector}`;
  let result = checked.get(key);
  if (result === undefined) {
    result = checkVector(score);
    if (checked.size >= MAX_CHECKED) checked.clear();
    checked.set(key, result);
  }
  return result;
}

function checkVector(score: CsafScore): { vector: string } | { error: string } {
  const { cvss_v4: v4, cvss_v3: v3, cvss_v2: v2 } = score.cvss;
  if (v4 !== undefined)
    return isCvssV4(v4.vector) ? { vector: v4.vector } : { error: `bad CVSS v4 vector ${v4.vector}` };
  if (v3 !== undefined)
    return cvssV3BaseScore(v3.vector) !== undefined
      ? { vector: v3.vector }
      : { error: `bad CVSS v3 vector ${v3.vector}` };
  if (v2 !== undefined)
    return cvssV2BaseScore(v2.vector) !== undefined
      ? { vector: v2.vector }
      : { error: `bad CVSS v2 vector ${v2.vector}` };
  return { error: 'no CVSS score' };
}

/** The base score of the newest CVSS version scored; 0 without one. */
export function cvssBaseScore(score: CsafScore): number {
  const { cvss_v4: v4, cvss_v3: v3, cvss_v2: v2 } = score.cvss;
  return (v4 ?? v3 ?? v2)?.baseScore ?? 0;
}
