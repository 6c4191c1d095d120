import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSecdb, secdbVulnerabilities } from '../../../../lib/ecosystems/alpine/secdb.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { random as seeded } from '../../../helpers/prng.ts';
import { SECDB_TESTDATA, secdbJson } from './secdb-yaml.ts';

const CLAIRCORE = readFileSync(join(SECDB_TESTDATA, 'claircore-v3.10-community.json'), 'utf8');
const want = (path: string): unknown => JSON.parse(readFileSync(join(SECDB_TESTDATA, path), 'utf8'));
/** As stored and compared: JSON, where undefined fields are absent. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const v36Main = () => secdbVulnerabilities(parseSecdb(secdbJson('v3.6/main.yaml'), 'v3.6'), '3.6');

describe('alpine secdb', () => {
  const goldens: [name: string, json: () => string, version: string, want: string][] = [
    [
      'alpine-secdb v3.3 community',
      () => secdbJson('v3.3/community.yaml'),
      '3.3',
      'v3.3/community.want.json',
    ],
    [
      'alpine-secdb v3.4 community',
      () => secdbJson('v3.4/community.yaml'),
      '3.4',
      'v3.4/community.want.json',
    ],
    ['claircore v3.10 community', () => CLAIRCORE, '3.10', 'claircore-v3.10-community.want.json'],
  ];
  for (const [name, json, version, wantFile] of goldens) {
    it(`makes the golden vulnerabilities of ${name}`, () => {
      assert.deepEqual(asJson(secdbVulnerabilities(parseSecdb(json(), name), version)), want(wantFile));
    });
  }

  it('reads an empty repository, whose packages are null, as no vulnerabilities', () => {
    const db = parseSecdb(secdbJson('v3.3/community.yaml'), 'v3.3');
    assert.deepEqual([db.distroversion, db.reponame, db.packages], ['v3.3', 'community', []]);
  });

  it('makes one vulnerability per (package, fixed version, id) of a whole main repository', () => {
    const got = v36Main();
    assert.equal(got.length, 898);
    assert.equal(new Set(got.map((v) => v.package.name)).size, 134);
    assert.ok(
      got.every((v) => v.dist?.prettyName === 'Alpine Linux v3.6' && v.normalizedSeverity === 'Unknown'),
    );
  });

  it('skips a fixed version whose list upstream left empty', () => {
    const got = v36Main();
    assert.deepEqual(
      got.filter((v) => v.package.name === 'heimdal').map((v) => [v.fixedInVersion, v.name]),
      [
        ['7.1.0-r2', 'CVE-2017-17439'],
        ['7.1.0-r1', 'CVE-2017-11103'],
      ],
    );
  });

  it('keeps an entry naming two ids verbatim, in its name and link', () => {
    const got = v36Main();
    const xsa = got.find((v) => v.name === 'CVE-2017-8903 XSA-213');
    assert.deepEqual(
      [xsa?.package.name, xsa?.fixedInVersion, xsa?.links],
      ['xen', '4.8.1-r2', 'https://security.alpinelinux.org/vuln/CVE-2017-8903 XSA-213'],
    );
  });

  it('names edge as Alpine Linux edge', () => {
    const [got] = secdbVulnerabilities(parseSecdb(CLAIRCORE, 'edge'), 'edge');
    assert.deepEqual([got?.dist?.version, got?.dist?.prettyName], ['edge', 'Alpine Linux edge']);
  });

  it('keeps "0" and a version key "__proto__" as fixed versions', () => {
    const json = '{"packages":[{"pkg":{"name":"a","secfixes":{"__proto__":["CVE-1"],"0":["CVE-2"]}}}]}';
    const got = secdbVulnerabilities(parseSecdb(json, 'here'), '3.18');
    assert.deepEqual(got.map((v) => [v.fixedInVersion, v.name]).sort(), [
      ['0', 'CVE-2'],
      ['__proto__', 'CVE-1'],
    ]);
  });

  const bad: [name: string, json: string, message: string][] = [
    ['a cut-off document', '{"packages":[', 'truncated at byte 13: Unexpected end of JSON input'],
    [
      'a document cut off inside a string',
      '{"packages":[{"pkg":{"name":"ß',
      'truncated at byte 31: Unterminated string in JSON at position 30 (line 1 column 31)',
    ],
    [
      'a bad byte',
      '{"packages":[{"pkg":{"name":"ß"},x}]}',
      'malformed JSON at byte 34: Expected double-quoted property name in JSON at position 33 (line 1 column 34)',
    ],
    [
      'a missing colon',
      '{"packages" []}',
      "malformed JSON at byte 12: Expected ':' after property name in JSON at position 12 (line 1 column 13)",
    ],
    [
      'data after the document',
      '{"packages":[]} {}',
      'malformed JSON at byte 16: Unexpected non-whitespace character after JSON at position 16 (line 1 column 17)',
    ],
    ['a list document', '[]', 'document: want an object, got an array'],
    ['a numeric distroversion', '{"distroversion":3.18}', 'distroversion: want a string, got 3.18'],
    ['packages that are an object', '{"packages":{}}', 'packages: want a list, got an object'],
    ['a package that is a string', '{"packages":["a"]}', 'packages[0]: want an object, got "a"'],
    ['a package without pkg', '{"packages":[{}]}', 'packages[0].pkg: want an object, got undefined'],
    [
      'a package without name',
      '{"packages":[{"pkg":{"secfixes":{}}}]}',
      'packages[0].pkg.name: want a package name, got undefined',
    ],
    [
      'secfixes that are a list',
      '{"packages":[{"pkg":{"name":"a","secfixes":["CVE-1"]}}]}',
      'packages[0].pkg.secfixes: want an object, got an array',
    ],
    [
      'ids that are a string',
      '{"packages":[{"pkg":{"name":"a","secfixes":{"1.0-r0":"CVE-1"}}}]}',
      'packages[0].pkg.secfixes["1.0-r0"]: want a list of ids, got "CVE-1"',
    ],
    [
      'an id that is a number',
      '{"packages":[{"pkg":{"name":"a","secfixes":{"1.0-r0":["CVE-1",2]}}}]}',
      'packages[0].pkg.secfixes["1.0-r0"][1]: want a string, got 2',
    ],
  ];
  for (const [name, json, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseSecdb(json, 'v3.18/main.json'), {
        name: InvalidInputError.name,
        message: `alpine secdb v3.18/main.json: ${message}`,
      });
    });
  }

  // STYLE 2.10: any input either parses or fails with our own error.
  it('parses or rejects with InvalidInputError any mutation of a document', () => {
    const { int: random } = seeded(0xa1b2);
    for (let run = 0; run < 500; run++) {
      const bytes = Buffer.from(CLAIRCORE);
      for (let n = 1 + random(3); n > 0; n--) bytes[random(bytes.length)] = random(256);
      const text = bytes.subarray(0, random(4) === 0 ? random(bytes.length) : bytes.length).toString('utf8');
      try {
        secdbVulnerabilities(parseSecdb(text, 'here'), '3.10');
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `run ${run}: ${String(err)}`);
      }
    }
  });
});
