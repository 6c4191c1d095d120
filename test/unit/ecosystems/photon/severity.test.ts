import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { photonSeverity } from '../../../../lib/ecosystems/photon/severity.ts';

describe('photon severity', () => {
  // reference/claircore-engine.md §4.7, claircore's photon/normalizeseverity.go: exact matches only.
  const cases: [severity: string, want: string][] = [
    ['Low', 'Low'],
    ['Moderate', 'Medium'],
    ['Important', 'High'],
    ['Critical', 'Critical'],
    ['important', 'Unknown'],
    ['None', 'Unknown'],
    ['', 'Unknown'],
    ['constructor', 'Unknown'],
  ];
  for (const [severity, want] of cases) {
    it(`normalises ${JSON.stringify(severity)} to ${want}`, () =>
      assert.equal(photonSeverity(severity), want));
  }
});
