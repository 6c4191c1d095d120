import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAdvisory } from '../../../../lib/ecosystems/osv/advisory.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { advisoryEntries, TESTDATA } from './zip-fixture.ts';

const real = async (path: string): Promise<unknown> =>
  JSON.parse(await readFile(join(TESTDATA, path), 'utf8'));

describe('osv advisory parser', () => {
  it('reads every advisory of the testdata', async () => {
    for (const dir of ['pypi', 'go', 'maven']) {
      for (const { name, data } of await advisoryEntries(join(TESTDATA, dir))) {
        assert.equal(parseAdvisory(JSON.parse(String(data)), name).id, name.replace(/\.json$/, ''));
      }
    }
  });

  it('reads the fields clairless uses', async () => {
    const a = parseAdvisory(await real('go/GO-2022-0969.json'), 'GO-2022-0969.json');

    assert.equal(a.published, '2022-09-12T20:23:06Z');
    assert.deepEqual(a.aliases, ['CVE-2022-27664', 'GHSA-69cg-p879-7622']);
    assert.equal(a.summary, 'Denial of service in net/http and golang.org/x/net/http2');
    assert.deepEqual(a.affected[0]?.package, { ecosystem: 'Go', name: 'stdlib', purl: '' });
    assert.deepEqual(a.affected[0]?.ranges, [
      {
        type: 'SEMVER',
        events: [
          { kind: 'introduced', version: '0' },
          { kind: 'fixed', version: '1.18.6' },
          { kind: 'introduced', version: '1.19.0-0' },
          { kind: 'fixed', version: '1.19.1' },
        ],
      },
    ]);
    assert.deepEqual(a.references, [
      'https://groups.google.com/g/golang-announce/c/x49AQzIVX-s',
      'https://go.dev/issue/54658',
      'https://go.dev/cl/428735',
    ]);
  });

  it('reads database_specific.severity when it is a string', async () => {
    const a = parseAdvisory(await real('maven/GHSA-6f9g-cxwr-q5jr.json'), 'GHSA-6f9g-cxwr-q5jr.json');

    assert.equal(a.databaseSeverity, 'CRITICAL');
  });

  it("reads Go's zero time as no date", () => {
    const a = parseAdvisory({ id: 'GO-1', published: '0001-01-01T00:00:00Z' }, 'GO-1.json');

    assert.equal(a.published, undefined);
  });

  it('reads absent and null fields as empty', () => {
    const a = parseAdvisory(
      { id: 'X-1', aliases: null, summary: null, affected: [{ package: null }] },
      'X-1.json',
    );

    assert.deepEqual(a, {
      id: 'X-1',
      published: undefined,
      withdrawn: undefined,
      aliases: [],
      summary: '',
      details: '',
      severity: [],
      affected: [{ package: { ecosystem: '', name: '', purl: '' }, ranges: [] }],
      references: [],
      databaseSeverity: undefined,
    });
  });

  it('drops an event that names no version', () => {
    const a = parseAdvisory(
      { id: 'X-1', affected: [{ ranges: [{ type: 'SEMVER', events: [{}, { fixed: '1.0.0' }] }] }] },
      'X-1.json',
    );

    assert.deepEqual(a.affected[0]?.ranges[0]?.events, [{ kind: 'fixed', version: '1.0.0' }]);
  });

  it('ignores a database_specific severity that is not a string', () => {
    assert.equal(
      parseAdvisory({ id: 'X-1', database_specific: { severity: 7 } }, 'X-1.json').databaseSeverity,
      undefined,
    );
  });

  const rejects: { name: string; value: unknown; message: string }[] = [
    { name: 'a list', value: [], message: 'advisory: want an object, got []' },
    { name: 'a numeric id', value: { id: 7 }, message: 'id: want a string, got 7' },
    {
      name: 'a date that is not RFC 3339',
      value: { id: 'X-1', published: '2021-04-14' },
      message: 'published: want an RFC 3339 time, got "2021-04-14"',
    },
    {
      name: 'a withdrawn date that is not a date',
      value: { id: 'X-1', withdrawn: 'soon' },
      message: 'withdrawn: want an RFC 3339 time',
    },
    {
      name: 'aliases that are not strings',
      value: { id: 'X-1', aliases: ['CVE-1', 2] },
      message: 'aliases[1]: want a string, got 2',
    },
    {
      name: 'affected that is not a list',
      value: { id: 'X-1', affected: {} },
      message: 'affected: want a list, got {}',
    },
    {
      name: 'a numeric fixed version',
      value: { id: 'X-1', affected: [{ ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: 1.2 }] }] }] },
      message: 'affected[0].ranges[0].events[0].fixed: want a string, got 1.2',
    },
    {
      name: 'a package that is not an object',
      value: { id: 'X-1', affected: [{ package: 'pkg:pypi/x' }] },
      message: 'affected[0].package: want an object, got "pkg:pypi/x"',
    },
    {
      name: 'a severity score that is not a string',
      value: { id: 'X-1', severity: [{ type: 'CVSS_V3', score: 9.8 }] },
      message: 'severity[0].score: want a string, got 9.8',
    },
    {
      name: 'a reference without a string url',
      value: { id: 'X-1', references: [{ type: 'WEB', url: ['a'] }] },
      message: 'references[0].url: want a string, got ["a"]',
    },
  ];
  for (const { name, value, message } of rejects) {
    it(`rejects ${name}, naming the entry and field`, () => {
      assert.throws(
        () => parseAdvisory(value, 'X-1.json'),
        (err: Error) =>
          err instanceof InvalidInputError && err.message.startsWith(`osv entry "X-1.json": ${message}`),
      );
    });
  }
});
