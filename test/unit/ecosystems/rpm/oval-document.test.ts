import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { oracleRelease } from '../../../../lib/ecosystems/oracle/distribution-scanner.ts';
import { type OvalDocument, readOvalDocument } from '../../../../lib/ecosystems/rpm/oval-document.ts';
import { definitionPrototype, rpmDefsToVulns } from '../../../../lib/ecosystems/rpm/oval-vulnerabilities.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { mutate, random } from '../../../helpers/prng.ts';

const FEED = 'oval http://x/feed.xml';

/** The document as `size`-byte chunks, so elements and characters are split across writes. */
async function* chunked(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const read = (text: string | Uint8Array): Promise<OvalDocument> => readOvalDocument(chunked(text), FEED);

// A definition in Oracle's prefixed form, with every field the reader keeps.
const ORACLE_STYLE = `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:red-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"
  xmlns:ind-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent">
<definitions>
<definition id="oval:x:def:1" version="1" class="patch">
<metadata>
<title>ELSA-2023-0001: zlib &amp; friends (IMPORTANT)</title>
<affected family="unix"><platform>Oracle Linux 8</platform><platform>Oracle Linux 9</platform></affected>
<reference source="elsa" ref_id="ELSA-2023-0001" ref_url="https://linux.oracle.com/errata/ELSA-2023-0001.html"/>
<description><![CDATA[Fixes <CVE-2022-37434>.]]></description>
<advisory>
<severity>IMPORTANT</severity>
<issued date="2023-01-02"/>
<cve href="https://linux.oracle.com/cve/CVE-2022-37434.html">CVE-2022-37434</cve>
<ref>https://ubuntu.com/security/notices/USN-1</ref>
<bug>https://launchpad.net/bugs/1</bug>
<affected_cpe_list><cpe>cpe:/a:oracle:linux:8::appstream</cpe><cpe>cpe:/a:oracle:linux:9::appstream</cpe></affected_cpe_list>
</advisory>
</metadata>
<criteria operator="AND">
<criterion test_ref="oval:x:tst:1" comment="Oracle Linux 8 is installed"/>
<criteria operator="OR"><criterion test_ref="oval:x:tst:2" comment="zlib is earlier than 0:1.2.11-40.el9"/></criteria>
</criteria>
</definition>
</definitions>
<tests>
<red-def:rpminfo_test id="oval:x:tst:2" check="at least one">
<red-def:object object_ref="oval:x:obj:2"/>
<red-def:state state_ref="oval:x:ste:2"/>
</red-def:rpminfo_test>
<ind-def:textfilecontent54_test id="oval:x:tst:3"><ind-def:object object_ref="oval:x:obj:3"/></ind-def:textfilecontent54_test>
</tests>
<objects>
<red-def:rpminfo_object id="oval:x:obj:2"><red-def:name>zlib</red-def:name></red-def:rpminfo_object>
<ind-def:textfilecontent54_object id="oval:x:obj:3"><ind-def:filepath>/etc/dnf/modules.d/x</ind-def:filepath></ind-def:textfilecontent54_object>
</objects>
<states>
<red-def:rpminfo_state id="oval:x:ste:2">
<red-def:arch operation="pattern match">aarch64|x86_64</red-def:arch>
<red-def:evr datatype="evr_string" operation="less than">0:1.2.11-40.el9</red-def:evr>
</red-def:rpminfo_state>
<red-def:rpminfo_state id="oval:x:ste:4"><red-def:signature_keyid operation="equals">abc</red-def:signature_keyid></red-def:rpminfo_state>
</states>
</oval_definitions>`;

const doc = (definitions: string, rest = ''): string =>
  `<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"><definitions>${definitions}</definitions>${rest}</oval_definitions>`;

describe('readOvalDocument', () => {
  it('reads a definition with its metadata, advisory and criteria tree', async () => {
    const { definitions } = await read(ORACLE_STYLE);
    assert.deepEqual(definitions, [
      {
        id: 'oval:x:def:1',
        title: 'ELSA-2023-0001: zlib & friends (IMPORTANT)',
        description: 'Fixes <CVE-2022-37434>.',
        severity: 'IMPORTANT',
        issued: '2023-01-02T00:00:00.000Z',
        links: [
          'https://linux.oracle.com/errata/ELSA-2023-0001.html',
          'https://ubuntu.com/security/notices/USN-1',
          'https://launchpad.net/bugs/1',
          'https://linux.oracle.com/cve/CVE-2022-37434.html',
        ],
        platforms: ['Oracle Linux 8', 'Oracle Linux 9'],
        cpes: ['cpe:/a:oracle:linux:8::appstream', 'cpe:/a:oracle:linux:9::appstream'],
        criteria: {
          criteria: [
            {
              criteria: [],
              criterions: [{ testRef: 'oval:x:tst:2', comment: 'zlib is earlier than 0:1.2.11-40.el9' }],
            },
          ],
          criterions: [{ testRef: 'oval:x:tst:1', comment: 'Oracle Linux 8 is installed' }],
        },
      },
    ]);
  });

  it('reads rpminfo tests, objects and states, whatever their prefix, and notes those of other kinds', async () => {
    const { tests, objects, states } = await read(ORACLE_STYLE);
    assert.deepEqual(
      [...tests],
      [
        ['oval:x:tst:2', { kind: 'rpminfo', objectRef: 'oval:x:obj:2', stateRef: 'oval:x:ste:2' }],
        ['oval:x:tst:3', { kind: 'other', element: 'textfilecontent54_test' }],
      ],
    );
    assert.deepEqual(
      [...objects],
      [
        ['oval:x:obj:2', { kind: 'rpminfo', name: 'zlib' }],
        ['oval:x:obj:3', { kind: 'other', element: 'textfilecontent54_object' }],
      ],
    );
    assert.deepEqual(
      [...states],
      [
        [
          'oval:x:ste:2',
          {
            kind: 'rpminfo',
            evr: { value: '0:1.2.11-40.el9', operation: 'less than' },
            arch: { value: 'aarch64|x86_64', operation: 'pattern match' },
          },
        ],
        ['oval:x:ste:4', { kind: 'rpminfo', evr: undefined, arch: undefined }],
      ],
    );
  });

  it('reads the same document whole as in 7-byte pieces', async () => {
    const whole = await readOvalDocument(
      (async function* () {
        yield new TextEncoder().encode(ORACLE_STYLE);
      })(),
      FEED,
    );
    assert.deepEqual(whole, await read(ORACLE_STYLE));
  });

  it('leaves issued unset when the advisory has none or an empty one, and reads a timestamp', async () => {
    const { definitions } = await read(
      doc(
        '<definition id="a"><metadata><advisory/></metadata></definition>' +
          '<definition id="b"><metadata><advisory><issued date=""/></advisory></metadata></definition>' +
          '<definition id="c"><metadata><advisory><issued>2023-03-04T05:06:07Z</issued></advisory></metadata></definition>',
      ),
    );
    assert.deepEqual(
      definitions.map((d) => d.issued),
      [undefined, undefined, '2023-03-04T05:06:07.000Z'],
    );
  });

  it('reads attributes by their local name, prefixed or not, as goval-parser does', async () => {
    const { definitions } = await read(
      doc(
        '<definition id="a"><criteria><criterion oval-def:test_ref="t1" oval-def:comment="c1"/><criterion test_ref="t2"/></criteria></definition>',
      ),
    );
    assert.deepEqual(definitions[0]?.criteria.criterions, [
      { testRef: 't1', comment: 'c1' },
      { testRef: 't2', comment: '' },
    ]);
  });

  it('gives a definition without criteria an empty tree', async () => {
    const { definitions } = await read(
      doc('<definition id="a"><metadata><title>t</title></metadata></definition>'),
    );
    assert.deepEqual(definitions[0]?.criteria, { criteria: [], criterions: [] });
  });

  const bad: [name: string, text: string | Uint8Array, message: RegExp][] = [
    [
      'a document cut off',
      ORACLE_STYLE.slice(0, 2000),
      /^oval http:\/\/x\/feed\.xml: not well-formed XML: .*unclosed tag/,
    ],
    ['an empty document', '', /^oval http:\/\/x\/feed\.xml: not well-formed XML: .*root element/],
    [
      'a document of another kind',
      '<html><body/></html>',
      /^oval http:\/\/x\/feed\.xml: line 1: root element is <html>, want <oval_definitions>$/,
    ],
    [
      'an issued date that is no date',
      doc(
        '\n<definition id="a"><metadata><advisory><issued date="someday"/></advisory></metadata></definition>',
      ),
      /^oval http:\/\/x\/feed\.xml: line 2: issued date "someday" is not a date$/,
    ],
    [
      'bytes that are not UTF-8',
      new Uint8Array([...new TextEncoder().encode('<oval_definitions><definitions><title>'), 0xff, 0xfe]),
      /^oval http:\/\/x\/feed\.xml: line 1: not UTF-8$/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name} with InvalidInputError naming the feed`, async () => {
      await assert.rejects(read(text), { name: InvalidInputError.name, message });
    });
  }

  it('reads any damaged copy of a real document, or fails with InvalidInputError', async () => {
    const real = readFileSync(join(import.meta.dirname, '../oracle/testdata/oval/com.oracle.elsa-2023.xml'));
    const dist = oracleRelease('8');
    assert.ok(dist !== undefined);
    const r = random(9);
    for (let run = 0; run < 300; run++) {
      const bytes = mutate(real, r);
      try {
        const doc = await readOvalDocument(chunked(bytes, 1 + r.int(4096)), FEED);
        for (const _ of rpmDefsToVulns(
          doc,
          (d) => [definitionPrototype(d, 'Unknown', dist)],
          FEED,
          () => {},
        ));
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `run ${run}: ${String(err)}`);
      }
    }
  });
});
