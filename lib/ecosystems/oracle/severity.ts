import type { Severity } from '../../updater/types.ts';

const BY_SEVERITY: ReadonlyMap<string, Severity> = new Map([
  ['LOW', 'Low'],
  ['MODERATE', 'Medium'],
  ['IMPORTANT', 'High'],
  ['CRITICAL', 'Critical'],
]);

/** An ELSA severity as a normalised one, matched exactly; N/A is Unknown (claircore's oracle/normalizeseverity.go). */
export function oracleSeverity(severity: string): Severity {
  return BY_SEVERITY.get(severity) ?? 'Unknown';
}
