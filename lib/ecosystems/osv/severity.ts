// An OSV advisory's severity (claircore-engine.md section 4.7, OSV row): the text of the last CVSS
// entry, normalised from its score (the last entry that scores wins); without any CVSS entry,
// `database_specific.severity`.
//
// CVSS v4 is not scored here: its score comes from a table of expert-assigned macro-vector
// scores rather than a formula, and clairless does not carry that table. A CVSS_V4 entry still gives the
// severity text (the vector); its normalised value is `database_specific.severity` when the
// advisory has one (GitHub's advisories, which are most of those with v4 vectors, always do),
// else the entry counts as unscored and leaves the value from an earlier entry, or Unknown.
import type { Severity } from '../../updater/types.ts';
import type { Advisory } from './advisory.ts';
import { cvssV2BaseScore, cvssV3BaseScore } from './cvss.ts';

export function osvSeverity(a: Advisory): { severity: string; normalizedSeverity: Severity } {
  let severity = '';
  let normalizedSeverity: Severity = 'Unknown';
  for (const entry of a.severity) {
    let normalized: Severity | undefined;
    switch (entry.type) {
      case 'CVSS_V4':
        normalized = a.databaseSeverity === undefined ? undefined : fromDatabaseSeverity(a.databaseSeverity);
        break;
      case 'CVSS_V3':
        normalized = fromScore(cvssV3BaseScore(entry.score));
        break;
      case 'CVSS_V2':
        normalized = fromScore(cvssV2BaseScore(entry.score));
        break;
      default:
        continue;
    }
    severity = entry.score;
    normalizedSeverity = normalized ?? normalizedSeverity;
  }
  if (severity === '' && a.databaseSeverity !== undefined) {
    return { severity: a.databaseSeverity, normalizedSeverity: fromDatabaseSeverity(a.databaseSeverity) };
  }
  return { severity, normalizedSeverity };
}

/** CVSS qualitative ratings, the same bands for v2 as for v3 (as claircore uses them). */
export function fromScore(score: number | undefined): Severity | undefined {
  if (score === undefined) return undefined;
  if (score === 0) return 'Negligible';
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  if (score < 9) return 'High';
  return 'Critical';
}

const DATABASE_SEVERITY: ReadonlyMap<string, Severity> = new Map([
  ['unknown', 'Unknown'],
  ['negligible', 'Negligible'],
  ['low', 'Low'],
  ['moderate', 'Medium'],
  ['medium', 'Medium'],
  ['high', 'High'],
  ['critical', 'Critical'],
]);

/** GitHub's and others' words, case-insensitive; anything else is Unknown. */
function fromDatabaseSeverity(text: string): Severity {
  return DATABASE_SEVERITY.get(text.toLowerCase()) ?? 'Unknown';
}
