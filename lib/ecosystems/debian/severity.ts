import type { Severity } from '../../updater/types.ts';

// The tracker's urgencies sit one step below the usual names (claircore's debian/severity.go).
const BY_URGENCY: ReadonlyMap<string, Severity> = new Map([
  ['unimportant', 'Low'],
  ['low', 'Medium'],
  ['medium', 'High'],
  ['high', 'Critical'],
]);

/**
 * A tracker urgency as a normalised severity, ignoring case; anything else ("not yet assigned",
 * "end-of-life", an NVD guess such as "medium**") is Unknown.
 */
export function debianSeverity(urgency: string): Severity {
  return BY_URGENCY.get(urgency.toLowerCase()) ?? 'Unknown';
}
