import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suseSeverity } from '../../../../lib/ecosystems/suse/severity.ts';

describe('suse severity', () => {
  // reference/claircore-engine.md §4.7, claircore's suse/normalizeseverity.go: exact matches only.
  const cases: [severity: string, want: string][] = [
    ['Low', 'Low'],
    ['Moderate', 'Medium'],
    ['Important', 'High'],
    ['Critical', 'Critical'],
    ['None', 'Unknown'],
    ['moderate', 'Unknown'],
    ['', 'Unknown'],
    ['constructor', 'Unknown'],
  ];
  for (const [severity, want] of cases) {
    it(`normalises ${JSON.stringify(severity)} to ${want}`, () => assert.equal(suseSeverity(severity), want));
  }
});
