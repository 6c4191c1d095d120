import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atLeast, findingsOf, findingsTable, parseSeverity } from '../../../lib/cli/findings.ts';
import type { VulnerabilityReport } from '../../../lib/matcher/vulnerability-report.ts';

const vulnerability = (name: string, normalized_severity: string, fixed_in_version: string) => ({
  name,
  normalized_severity,
  fixed_in_version,
});

// Only the fields the findings read; the rest of a report does not matter here.
const REPORT = {
  packages: {
    '1': { name: 'zlib1g', version: '1:1.2.13.dfsg-1' },
    '2': { name: 'openssl', version: '3.0.11-1~deb12u2' },
    '3': { name: 'bash', version: '5.2.15-2+b2' },
  },
  vulnerabilities: {
    a: vulnerability('CVE-2023-0002', 'Medium', '1:1.2.13.dfsg-1+deb12u1'),
    b: vulnerability('CVE-2023-0001', 'Critical', '3.0.13-1~deb12u1'),
    c: vulnerability('CVE-2023-0003', 'Low', ''),
    d: vulnerability('CVE-2023-0004', 'Critical', '3.0.13-1~deb12u1'),
    e: vulnerability('CVE-2023-0005', 'whatever', ''),
  },
  package_vulnerabilities: { '1': ['a'], '2': ['d', 'b'], '3': ['c', 'e'] },
} as unknown as VulnerabilityReport;

describe('findings of a vulnerability report', () => {
  it('lists each pair most severe first, then by package and name; an unknown severity is Unknown', () => {
    assert.deepEqual(
      findingsOf(REPORT).map((f) => `${f.severity} ${f.package} ${f.vulnerability}`),
      [
        'Critical openssl CVE-2023-0001',
        'Critical openssl CVE-2023-0004',
        'Medium zlib1g CVE-2023-0002',
        'Low bash CVE-2023-0003',
        'Unknown bash CVE-2023-0005',
      ],
    );
  });

  it('prints an aligned table with a summary, and a line of its own for a clean image', () => {
    assert.equal(
      findingsTable('app:1', findingsOf(REPORT).slice(2, 4)),
      [
        'PACKAGE  INSTALLED        VULNERABILITY  SEVERITY  FIXED IN',
        'zlib1g   1:1.2.13.dfsg-1  CVE-2023-0002  Medium    1:1.2.13.dfsg-1+deb12u1',
        'bash     5.2.15-2+b2      CVE-2023-0003  Low       -',
        '',
        'app:1: 2 vulnerabilities (1 medium, 1 low) in 2 packages',
        '',
      ].join('\n'),
    );
    assert.equal(findingsTable('app:1', []), 'app:1: no known vulnerabilities\n');
  });

  it('reads --fail-on in any case and compares by rank', () => {
    const [critical, , medium] = findingsOf(REPORT);
    assert.equal(parseSeverity('high'), 'High');
    assert.ok(critical && atLeast(critical, parseSeverity('HIGH')));
    assert.ok(medium && !atLeast(medium, 'High'));
    assert.throws(
      () => parseSeverity('severe'),
      /severity "severe" is not one of Critical, High, Medium, Low, Negligible, Unknown/,
    );
  });
});
