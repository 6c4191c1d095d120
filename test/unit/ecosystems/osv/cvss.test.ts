import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cvssV2BaseScore, cvssV3BaseScore } from '../../../../lib/ecosystems/osv/cvss.ts';

// The worked examples of FIRST's "CVSS v3.1 Examples" and "CVSS v3.0 Examples" documents
// (first.org/cvss/v3.1/examples, first.org/cvss/v3.0/examples): vector and base score.
const V3_EXAMPLES: [cve: string, vector: string, score: number][] = [
  ['CVE-2013-1937', 'AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  ['CVE-2013-0375', 'AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4],
  ['CVE-2014-3566', 'AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
  ['CVE-2012-1516', 'AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
  ['CVE-2012-0384', 'AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2],
  ['CVE-2015-1098', 'AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
  ['CVE-2014-0160', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5],
  ['CVE-2014-6271', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  ['CVE-2008-1447', 'AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8],
  ['CVE-2014-2005', 'AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8],
  ['CVE-2010-0467', 'AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8],
  ['CVE-2012-1342', 'AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N', 5.8],
  ['CVE-2013-6014', 'AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H', 9.3],
  ['CVE-2019-7551', 'AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H', 9.0],
  ['CVE-2009-0658', 'AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
  ['CVE-2011-1265', 'AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2014-2019', 'AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', 4.6],
  ['CVE-2015-0970', 'AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2014-0224', 'AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', 7.4],
  ['CVE-2012-5376', 'AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H', 9.6],
  ['CVE-2016-1645', 'AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2016-0128', 'AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N', 6.8],
  ['CVE-2016-2118', 'AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.5],
  ['CVE-2017-5942', 'AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  ['CVE-2018-18913', 'AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
  ['CVE-2016-5558', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:L', 8.6],
  ['CVE-2016-5729', 'AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 8.2],
  ['CVE-2015-2890', 'AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:H', 6.0],
  ['CVE-2018-3652', 'AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 7.6],
  ['CVE-2019-0884 (IE)', 'AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.5],
  ['CVE-2019-0884 (Edge)', 'AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', 4.2],
];

// The three examples of FIRST's CVSS v2 guide, section 3.3.
const V2_EXAMPLES: [cve: string, vector: string, score: number][] = [
  ['CVE-2002-0392', 'AV:N/AC:L/Au:N/C:N/I:N/A:C', 7.8],
  ['CVE-2003-0818', 'AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0],
  ['CVE-2003-0062', 'AV:L/AC:H/Au:N/C:C/I:C/A:C', 6.2],
];

describe('cvss base score', () => {
  for (const version of ['3.0', '3.1']) {
    for (const [cve, vector, want] of V3_EXAMPLES) {
      it(`scores ${cve} as ${want} in CVSS ${version}`, () => {
        assert.equal(cvssV3BaseScore(`CVSS:${version}/${vector}`), want);
      });
    }
  }

  for (const [cve, vector, want] of V2_EXAMPLES) {
    it(`scores ${cve} as ${want} in CVSS 2`, () => {
      assert.equal(cvssV2BaseScore(vector), want);
    });
  }

  const cases: { name: string; vector: string; want: number }[] = [
    { name: 'no impact as 0', vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:N/I:N/A:N', want: 0 },
    { name: 'the worst vector as 10', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', want: 10 },
    { name: 'metrics in any order', vector: 'CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N', want: 9.8 },
    {
      name: 'temporal metrics without changing the base score',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F/RL:X',
      want: 3.8,
    },
    {
      name: 'a v2 vector with temporal and environmental groups by its base',
      vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H',
      want: 7.8,
    },
  ];
  for (const { name, vector, want } of cases) {
    it(`scores ${name}`, () => {
      const score = vector.startsWith('CVSS:') ? cvssV3BaseScore(vector) : cvssV2BaseScore(vector);
      assert.equal(score, want);
    });
  }

  const malformed = [
    'XXX:3.0/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N',
    'CVSS:2.0/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N',
    'CVSS:3.1',
    'CVSS:3.1/',
    'CVSS:3.3/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N',
    'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N',
    'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:X',
    'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N/AV:N',
    'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N/',
    'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N/ZZ:X',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  ];
  for (const vector of malformed) {
    it(`rejects v3 vector ${vector}`, () => {
      assert.equal(cvssV3BaseScore(vector), undefined);
    });
  }

  const malformedV2 = [
    'CVSS:2.0/AV:N/AC:L/Au:N/C:N/I:N/A:C',
    'AV:N/AC:L/Au:N/C:N/I:N',
    'AV:A/AC:L/Au:N/C:C/I:C/A:C/E:F',
    'AV:A/AC:L/Au:N/C:C/I:C/A:C/CDP:H/TD:H/CR:H',
    'AV:L/AC:H/Au:N/C:C/I:C/A:C/Au:N',
    'AV:L/AC:H/Au:N/C:C/I:C/A:',
    'AV:A/AC:L/Au:N/A:C/I:C/C:C',
    '(AV:N/AC:L/Au:N/C:N/I:N/A:C)',
  ];
  for (const vector of malformedV2) {
    it(`rejects v2 vector ${vector}`, () => {
      assert.equal(cvssV2BaseScore(vector), undefined);
    });
  }
});
