import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oracleSeverity } from '../../../../lib/ecosystems/oracle/severity.ts';

describe('oracle severity', () => {
  // reference/claircore-engine.md §4.7, claircore's oracle/normalizeseverity.go: exact matches only.
  const cases: [severity: string, want: string][] = [
    ['LOW', 'Low'],
    ['MODERATE', 'Medium'],
    ['IMPORTANT', 'High'],
    ['CRITICAL', 'Critical'],
    ['N/A', 'Unknown'],
    ['Important', 'Unknown'],
    ['', 'Unknown'],
    ['constructor', 'Unknown'],
  ];
  for (const [severity, want] of cases) {
    it(`normalises ${JSON.stringify(severity)} to ${want}`, () =>
      assert.equal(oracleSeverity(severity), want));
  }
});
