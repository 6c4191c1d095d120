import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debianSeverity } from '../../../../lib/ecosystems/debian/severity.ts';

describe('debian severity', () => {
  // reference/claircore-engine.md §4.7, claircore's debian/severity.go.
  const cases: [urgency: string, want: string][] = [
    ['unimportant', 'Low'],
    ['low', 'Medium'],
    ['medium', 'High'],
    ['high', 'Critical'],
    ['HIGH', 'Critical'],
    ['Unimportant', 'Low'],
    ['not yet assigned', 'Unknown'],
    ['end-of-life', 'Unknown'],
    ['medium**', 'Unknown'],
    ['', 'Unknown'],
    ['constructor', 'Unknown'],
  ];
  for (const [urgency, want] of cases) {
    it(`normalises ${JSON.stringify(urgency)} to ${want}`, () => assert.equal(debianSeverity(urgency), want));
  }
});
