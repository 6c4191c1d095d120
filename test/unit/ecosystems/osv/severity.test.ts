import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAdvisory } from '../../../../lib/ecosystems/osv/advisory.ts';
import { fromScore, osvSeverity } from '../../../../lib/ecosystems/osv/severity.ts';
import type { Severity } from '../../../../lib/updater/types.ts';

const CRITICAL_V3 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const MEDIUM_V3 = 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N';
const HIGH_V2 = 'AV:N/AC:L/Au:N/C:P/I:P/A:P';
const V4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

describe('osv severity', () => {
  const cases: {
    name: string;
    severity?: { type: string; score: string }[];
    database?: unknown;
    want: { severity: string; normalizedSeverity: Severity };
  }[] = [
    {
      name: 'a CVSS v3 vector by its base score',
      severity: [{ type: 'CVSS_V3', score: CRITICAL_V3 }],
      want: { severity: CRITICAL_V3, normalizedSeverity: 'Critical' },
    },
    {
      name: 'a CVSS v2 vector by its base score',
      severity: [{ type: 'CVSS_V2', score: HIGH_V2 }],
      want: { severity: HIGH_V2, normalizedSeverity: 'High' },
    },
    {
      name: 'the last scored entry',
      severity: [
        { type: 'CVSS_V2', score: HIGH_V2 },
        { type: 'CVSS_V3', score: MEDIUM_V3 },
      ],
      want: { severity: MEDIUM_V3, normalizedSeverity: 'Medium' },
    },
    {
      name: "the last entry's text, with the value of the last one that scores",
      severity: [
        { type: 'CVSS_V3', score: MEDIUM_V3 },
        { type: 'CVSS_V3', score: 'CVSS:3.1/garbage' },
      ],
      want: { severity: 'CVSS:3.1/garbage', normalizedSeverity: 'Medium' },
    },
    {
      name: 'a CVSS v4 vector by database_specific.severity',
      severity: [{ type: 'CVSS_V4', score: V4 }],
      database: { severity: 'MODERATE' },
      want: { severity: V4, normalizedSeverity: 'Medium' },
    },
    {
      name: 'a CVSS v4 vector without database_specific.severity as Unknown',
      severity: [{ type: 'CVSS_V4', score: V4 }],
      want: { severity: V4, normalizedSeverity: 'Unknown' },
    },
    {
      name: 'a CVSS v4 vector after a v3 one keeping the v3 value when unscored',
      severity: [
        { type: 'CVSS_V3', score: CRITICAL_V3 },
        { type: 'CVSS_V4', score: V4 },
      ],
      want: { severity: V4, normalizedSeverity: 'Critical' },
    },
    {
      name: 'database_specific.severity without any CVSS entry, case-insensitively',
      database: { severity: 'high' },
      want: { severity: 'high', normalizedSeverity: 'High' },
    },
    {
      name: 'database_specific.severity ignored beside a CVSS v3 entry',
      severity: [{ type: 'CVSS_V3', score: MEDIUM_V3 }],
      database: { severity: 'CRITICAL' },
      want: { severity: MEDIUM_V3, normalizedSeverity: 'Medium' },
    },
    {
      name: 'an unknown database_specific word as Unknown',
      database: { severity: 'urgent' },
      want: { severity: 'urgent', normalizedSeverity: 'Unknown' },
    },
    {
      name: 'entries of other types as nothing',
      severity: [{ type: 'Ubuntu', score: 'high' }],
      want: { severity: '', normalizedSeverity: 'Unknown' },
    },
    { name: 'nothing as Unknown', want: { severity: '', normalizedSeverity: 'Unknown' } },
  ];
  for (const { name, severity, database, want } of cases) {
    it(`rates ${name}`, () => {
      const a = parseAdvisory({ id: 'X-1', severity, database_specific: database }, 'X-1.json');

      assert.deepEqual(osvSeverity(a), want);
    });
  }

  const bands: [number, Severity][] = [
    [0, 'Negligible'],
    [0.1, 'Low'],
    [3.9, 'Low'],
    [4, 'Medium'],
    [6.9, 'Medium'],
    [7, 'High'],
    [8.9, 'High'],
    [9, 'Critical'],
    [10, 'Critical'],
  ];
  for (const [score, want] of bands) {
    it(`rates a score of ${score} as ${want}`, () => {
      assert.equal(fromScore(score), want);
    });
  }
});
