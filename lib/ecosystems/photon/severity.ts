import type { Severity } from '../../updater/types.ts';

const BY_SEVERITY: ReadonlyMap<string, Severity> = new Map([
  ['Low', 'Low'],
  ['Moderate', 'Medium'],
  ['Important', 'High'],
  ['Critical', 'Critical'],
]);

/** A PHSA severity as a normalised one, matched exactly (claircore's photon/normalizeseverity.go). */
export function photonSeverity(severity: string): Severity {
  return BY_SEVERITY.get(severity) ?? 'Unknown';
}
