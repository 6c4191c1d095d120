import type { Severity } from '../../updater/types.ts';

const BY_SEVERITY: ReadonlyMap<string, Severity> = new Map([
  ['Low', 'Low'],
  ['Moderate', 'Medium'],
  ['Important', 'High'],
  ['Critical', 'Critical'],
]);

/** A SUSE severity as a normalised one, matched exactly; None is Unknown (claircore's suse/normalizeseverity.go). */
export function suseSeverity(severity: string): Severity {
  return BY_SEVERITY.get(severity) ?? 'Unknown';
}
