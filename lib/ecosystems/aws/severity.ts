import type { Severity } from '../../updater/types.ts';

// ALAS severities as claircore's aws/normalizeseverity.go maps them.
const BY_SEVERITY: ReadonlyMap<string, Severity> = new Map([
  ['low', 'Low'],
  ['medium', 'Medium'],
  ['important', 'High'],
  ['critical', 'Critical'],
]);

/** An ALAS severity as a normalised one; only the exact lower-case words count, else Unknown. */
export function alasSeverity(severity: string): Severity {
  return BY_SEVERITY.get(severity) ?? 'Unknown';
}
