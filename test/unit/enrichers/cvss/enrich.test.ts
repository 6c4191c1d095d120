import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cveIds } from '../../../../lib/enrichers/cvss/enrich.ts';

describe('CVE ids in a vulnerability', () => {
  const cases: [text: string, want: string[]][] = [
    ['CVE-2021-44228', ['CVE-2021-44228']],
    ['cve-2021-44228', ['CVE-2021-44228']],
    ['Cve_2021_44228', ['CVE-2021-44228']],
    ['DSA-5022-1 https://security-tracker.debian.org/tracker/CVE-2021-44228', ['CVE-2021-44228']],
    ['https://a.test/CVE-2016-2781 https://b.test/cve-2016-3674.html', ['CVE-2016-2781', 'CVE-2016-3674']],
    ['CVE-2024-1234567', ['CVE-2024-1234567']],
    ['GHSA-jfh8-c2jp-5v3q', []],
    ['CVE-2021-123', []],
    ['CVE 2021 44228', []],
    ['', []],
  ];
  for (const [text, want] of cases) {
    it(`finds ${JSON.stringify(want)} in ${JSON.stringify(text)}`, () =>
      assert.deepEqual(cveIds(text), want));
  }
});
