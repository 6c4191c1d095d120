import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseVexDocument } from '../../../../../lib/ecosystems/rhel/vex/parse.ts';
import { InvalidInputError } from '../../../../../lib/errors.ts';
import type { Vulnerability } from '../../../../../lib/updater/types.ts';

const TESTDATA = join(import.meta.dirname, '..', 'testdata', 'vex');
const BASE = 'https://security.access.redhat.com/data/csaf/v2/vex/';
const read = (file: string): string => readFileSync(join(TESTDATA, file), 'utf8');
const parse = (file: string, ignoreKernelPackages = false) =>
  parseVexDocument(read(file), `2024/${file}`, { baseUrl: BASE, ignoreKernelPackages });
const records = (file: string): readonly Vulnerability[] => {
  const { record } = parse(file);
  assert.equal(record.kind, 'document');
  return record.kind === 'document' ? record.vulnerabilities : [];
};
const INT32_MAX = 2 ** 31 - 1;
const EVERY_TAG = {
  kind: 'rhctag',
  lower: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  upper: [INT32_MAX, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};

describe('rhel-vex document parser', () => {
  it('reads a fixed product as claircore does (cve-2024-24786-simple)', () => {
    assert.deepEqual(records('cve-2024-24786-simple.json'), [
      {
        name: 'CVE-2024-24786',
        description:
          "A flaw was found in Golang's protobuf module, where the unmarshal function can enter an infinite loop when processing certain invalid inputs. This issue occurs during unmarshaling into a message that includes a google.protobuf.Any or when the UnmarshalOptions.DiscardUnknown option is enabled. This flaw allows an attacker to craft malicious input tailored to trigger the identified flaw in the unmarshal function. By providing carefully constructed invalid inputs, they could potentially cause the function to enter an infinite loop, resulting in a denial of service condition or other unintended behaviors in the affected system.",
        issued: '2024-03-05T00:00:00.000Z',
        links:
          'https://access.redhat.com/security/cve/CVE-2024-24786 https://bugzilla.redhat.com/show_bug.cgi?id=2268046 https://www.cve.org/CVERecord?id=CVE-2024-24786 https://nvd.nist.gov/vuln/detail/CVE-2024-24786 https://go.dev/cl/569356 https://groups.google.com/g/golang-announce/c/ArQ6CDgtEjY/ https://pkg.go.dev/vuln/GO-2024-2611 https://security.access.redhat.com/data/csaf/v2/vex/2024/cve-2024-24786.json',
        severity: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H',
        normalizedSeverity: 'Medium',
        package: { name: 'cri-tools', version: '', module: '', arch: 'aarch64', kind: 'binary' },
        dist: undefined,
        repo: {
          key: 'rhel-cpe-repository',
          name: 'cpe:2.3:a:redhat:openshift:4.16:*:el9:*:*:*:*:*',
          uri: '',
        },
        fixedInVersion: '0:1.29.0-3.1.el9',
        archOperation: 'pattern match',
        range: undefined,
      },
    ]);
  });

  it('gives as many records as claircore for a real document (cve-2023-38545: 265)', () => {
    const vulns = records('cve-2023-38545.json');
    assert.equal(vulns.length, 265);
    assert.equal(vulns.filter((v) => v.invert === true).length, 190);
  });

  it('merges the arches of one package in one repository into a pattern, x86_64 standing for amd64 too', () => {
    const el6 = records('cve-2023-38545.json').find(
      (v) => v.package.name === 'puppet-agent' && v.fixedInVersion === '0:7.27.0-1.el6sat',
    );
    assert.deepEqual(el6?.package, {
      name: 'puppet-agent',
      version: '',
      module: '',
      arch: 'i686|amd64|x86_64',
      kind: 'binary',
    });
    assert.equal(el6?.archOperation, 'pattern match');
    assert.equal(el6?.repo?.name, 'cpe:2.3:a:redhat:rhel_satellite_client:6:*:el6:*:*:*:*:*');
    assert.equal(el6?.links.split(' ').at(-1), 'https://access.redhat.com/errata/RHSA-2024:2011');
    assert.equal(el6?.invert, undefined);
  });

  it('reads known_not_affected products as inverted binary records with no version', () => {
    const vulns = records('cve-2023-38545.json').filter((v) => v.invert === true);
    const scap = vulns.find(
      (v) =>
        v.package.name === 'rubygem-foreman_scap_client' &&
        v.repo?.name === 'cpe:2.3:a:redhat:rhel_satellite_client:6:*:el6:*:*:*:*:*',
    );
    assert.deepEqual(
      [scap?.package, scap?.fixedInVersion, scap?.severity, scap?.normalizedSeverity],
      [
        { name: 'rubygem-foreman_scap_client', version: '', module: '', arch: 'noarch', kind: 'binary' },
        '',
        'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
        'High',
      ],
    );
  });

  it('makes a document of only known_not_affected products replace its name with inverted records', () => {
    const { record } = parse('cve-2023-4154.json');
    assert.equal(record.name, 'CVE-2023-4154');
    assert.ok(record.kind === 'document' && record.vulnerabilities.length === 159);
    assert.ok(record.kind === 'document' && record.vulnerabilities.every((v) => v.invert === true));
  });

  it('keys container images to the rhcc repository with rhctag ranges, the lowest fixed stream reaching back to 0', () => {
    const images = records('cve-2022-38752-cut.json').filter(
      (v) => v.repo?.key === 'rhcc-container-repository',
    );
    const fixed = images.filter((v) => v.fixedInVersion !== '');
    assert.deepEqual(fixed, [
      {
        ...fixed[0],
        package: {
          name: 'rh-sso-7/sso76-openshift-rhel8',
          version: '',
          module: '',
          arch: 'amd64|x86_64|ppc64le|s390x',
          kind: 'binary',
        },
        repo: {
          key: 'rhcc-container-repository',
          name: 'cpe:2.3:a:redhat:rhosemc:1.0:*:el8:*:*:*:*:*',
          uri: '',
        },
        fixedInVersion: '7.6-22',
        range: {
          kind: 'rhctag',
          lower: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
          upper: [7, 6, INT32_MAX, 0, 0, 0, 0, 0, 0, 0],
        },
      },
    ]);
    const affected = images.find((v) => v.package.name === 'openshift3/metrics-cassandra');
    assert.deepEqual(
      [affected?.package.kind, affected?.fixedInVersion, affected?.range],
      ['source', '', EVERY_TAG],
    );
    const notAffected = images.find((v) => v.package.name === 'openshift-logging/elasticsearch6-rhel8');
    assert.deepEqual(
      [notAffected?.package.kind, notAffected?.invert, notAffected?.range],
      ['ancestry', true, EVERY_TAG],
    );
  });

  it('reads known_affected products as source packages with no fix, the module cut to name:stream', () => {
    assert.deepEqual(
      records('cve-2024-24786-illegal-module.json').map((v) => [v.package, v.fixedInVersion, v.repo?.name]),
      [
        [
          { name: 'go-toolset', version: '', module: 'go-toolset:rhel8', arch: '', kind: 'source' },
          '',
          'cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*',
        ],
      ],
    );
  });

  it('skips a product whose rpmmod is not name:stream and says which (cve-2024-24786-bad-rpmmod)', () => {
    const { record, warnings } = parse('cve-2024-24786-bad-rpmmod.json');
    assert.ok(record.kind === 'document');
    assert.deepEqual(
      record.vulnerabilities.map((v) => [v.package.name, v.package.kind]),
      [
        ['cri-tools', 'binary'],
        ['good-pkg', 'source'],
      ],
    );
    assert.deepEqual(warnings, [
      {
        product: 'AppStream-10:firefox-flatpak-0:128.0-1.el10.src',
        reason: 'rpmmod "rhel10" is not name:stream[:…]',
      },
    ]);
  });

  it('reads a deletion document as the deletion of its name', () => {
    for (const name of ['CVE-2023-0030', 'CVE-2023-0031'])
      assert.deepEqual(parse(`delete_${name}.json`).record, { kind: 'deleted', name });
  });

  it('links the document from the feed base when it has no self reference', () => {
    const doc = JSON.parse(read('cve-2024-24786-simple.json'));
    doc.document.references = [];
    const { record } = parseVexDocument(JSON.stringify(doc), 'x', {
      baseUrl: 'http://mirror.test/vex/',
      ignoreKernelPackages: false,
    });
    assert.ok(record.kind === 'document');
    assert.equal(
      record.vulnerabilities[0]?.links.split(' ').at(-1),
      'http://mirror.test/vex/2024/cve-2024-24786.json',
    );
  });

  // The parts of the simple document the cases below break.
  type SimpleDocument = {
    document: { tracking?: unknown };
    product_tree: { branches: { product: { product_identification_helper: Record<string, string> } }[] };
    vulnerabilities: { cve: string }[];
  };
  const broken = (mutate: (doc: SimpleDocument) => void): string => {
    const doc = JSON.parse(read('cve-2024-24786-simple.json')) as SimpleDocument;
    mutate(doc);
    return JSON.stringify(doc);
  };
  const cases: [string, string, RegExp][] = [
    ['text that is not JSON', '{"document": ', /vex document 2024\/bad\.json: not JSON/],
    [
      'a document without tracking',
      broken((d) => delete d.document.tracking),
      /2024\/bad\.json: document\.tracking: want an object/,
    ],
    [
      'a purl that does not parse',
      broken((d) => {
        (
          d.product_tree.branches[0] as SimpleDocument['product_tree']['branches'][0]
        ).product.product_identification_helper.purl = 'rpm/redhat/cri-tools';
      }),
      /2024\/bad\.json: product "9Base-RHOSE-4\.16:cri-tools-0:1\.29\.0-3\.1\.el9\.aarch64": purl "rpm\/redhat\/cri-tools": want the scheme pkg:/,
    ],
    [
      'an invalid CPE',
      broken((d) => {
        (
          d.product_tree.branches[1] as SimpleDocument['product_tree']['branches'][0]
        ).product.product_identification_helper.cpe = 'cpe:redhat';
      }),
      /2024\/bad\.json: product .*cpe "cpe:redhat"/,
    ],
    [
      'a vulnerability without a CVE id',
      broken((d) => {
        (d.vulnerabilities[0] as { cve: string }).cve = '';
      }),
      /2024\/bad\.json: vulnerability cve "" is not a CVE id/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what}, naming the document`, () => {
      assert.throws(
        () => parseVexDocument(text, '2024/bad.json', { baseUrl: BASE, ignoreKernelPackages: false }),
        (err) => err instanceof InvalidInputError && message.test(err.message),
      );
    });
  }
});
