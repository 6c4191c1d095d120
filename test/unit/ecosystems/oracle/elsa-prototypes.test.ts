import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oracleRelease } from '../../../../lib/ecosystems/oracle/distribution-scanner.ts';
import { cpeEdition, elsaPrototypes } from '../../../../lib/ecosystems/oracle/elsa-prototypes.ts';
import type { OvalDefinition } from '../../../../lib/ecosystems/rpm/oval-document.ts';

const definition = (platforms: string[], cpes: string[] = []): OvalDefinition => ({
  id: 'oval:com.oracle.elsa:def:20230001',
  title: 'ELSA-2023-0001: zlib security update (MODERATE)',
  description: 'd',
  severity: 'MODERATE',
  issued: '2023-01-02T00:00:00.000Z',
  links: ['https://linux.oracle.com/errata/ELSA-2023-0001.html'],
  platforms,
  cpes,
  criteria: { criteria: [], criterions: [] },
});

describe('elsaPrototypes', () => {
  it('makes one prototype per Oracle Linux release named, with its title, dates and severity', () => {
    assert.deepEqual(elsaPrototypes(definition(['Oracle Linux 7', 'Oracle Linux 10'])), [
      {
        name: 'ELSA-2023-0001: zlib security update (MODERATE)',
        description: 'd',
        issued: '2023-01-02T00:00:00.000Z',
        links: 'https://linux.oracle.com/errata/ELSA-2023-0001.html',
        severity: 'MODERATE',
        normalizedSeverity: 'Medium',
        dist: oracleRelease('7'),
      },
      {
        name: 'ELSA-2023-0001: zlib security update (MODERATE)',
        description: 'd',
        issued: '2023-01-02T00:00:00.000Z',
        links: 'https://linux.oracle.com/errata/ELSA-2023-0001.html',
        severity: 'MODERATE',
        normalizedSeverity: 'Medium',
        dist: oracleRelease('10'),
      },
    ]);
  });

  it('skips a definition that names no Oracle Linux release', () => {
    assert.deepEqual(elsaPrototypes(definition(['Red Hat Enterprise Linux 8', 'Oracle Linux'])), []);
  });

  const ksplice: [name: string, cpes: string[], kept: boolean][] = [
    ['only userspace_ksplice CPEs', ['cpe:/a:oracle:linux:8::userspace_ksplice'], false],
    [
      'userspace_ksplice CPEs of both forms',
      ['cpe:/a:oracle:linux:8::userspace_ksplice', 'cpe:2.3:a:oracle:linux:8:*:userspace_ksplice:*:*:*:*:*'],
      false,
    ],
    [
      'a userspace_ksplice CPE beside another edition',
      ['cpe:/a:oracle:linux:9::appstream', 'cpe:/a:oracle:linux:9::userspace_ksplice'],
      true,
    ],
    ['no CPEs', [], true],
    [
      'a CPE that cannot be read beside a ksplice one',
      ['cpe:/a:oracle:linux:8::userspace_ksplice', 'oracle linux'],
      true,
    ],
  ];
  for (const [name, cpes, kept] of ksplice) {
    it(`${kept ? 'keeps' : 'skips'} a definition with ${name}`, () => {
      assert.equal(elsaPrototypes(definition(['Oracle Linux 8'], cpes)).length, kept ? 1 : 0);
    });
  }
});

describe('cpeEdition', () => {
  const cases: [cpe: string, want: string | undefined][] = [
    ['cpe:/a:oracle:linux:8::userspace_ksplice', 'userspace_ksplice'],
    ['cpe:/a:oracle:linux:8:6:appstream_base', 'appstream_base'],
    ['cpe:/o:oracle:linux:7', ''],
    ['cpe:/a:oracle:linux:8::~userspace_ksplice~x~~~', 'userspace_ksplice'],
    ['cpe:2.3:a:oracle:linux:8:*:userspace_ksplice:*:*:*:*:*', 'userspace_ksplice'],
    ['cpe:2.3:a:oracle:linux\\:x:8:*:userspace_ksplice:*:*:*:*:*', 'userspace_ksplice'],
    ['cpe:2.3:a:oracle:linux:8', undefined],
    ['cpe:/q:oracle:linux:8', undefined],
    ['cpe:/a:oracle:linux:8::e:en:extra', undefined],
    ['oracle linux', undefined],
  ];
  for (const [cpe, want] of cases) {
    it(`reads ${JSON.stringify(want)} from ${cpe}`, () => assert.equal(cpeEdition(cpe), want));
  }
});
