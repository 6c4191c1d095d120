import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAdvisory } from '../../../../lib/ecosystems/osv/advisory.ts';
import { osvVulnerabilities } from '../../../../lib/ecosystems/osv/vulnerabilities.ts';

const NOW = new Date('2025-01-01T00:00:00Z');

// A GitHub advisory as OSV serves it in every ecosystem's dump it names.
const multiEcosystem = parseAdvisory(
  {
    id: 'GHSA-aaaa-bbbb-cccc',
    published: '2024-05-01T00:00:00Z',
    summary: 'Prototype pollution',
    aliases: ['CVE-2024-0001'],
    references: [{ type: 'WEB', url: 'https://example.com/advisory' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'left-pad' },
        ranges: [
          { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.1' }] },
          { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.3.1' }] },
        ],
      },
      {
        package: { ecosystem: 'PyPI', name: 'left-pad' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.3.1' }] }],
      },
      {
        package: { ecosystem: 'crates.io', name: 'left_pad', purl: 'pkg:cargo/left_pad' },
        ranges: [
          { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.2.0' }] },
          {
            type: 'GIT',
            repo: 'https://example.com/repo',
            events: [{ introduced: '0' }, { fixed: 'abc123' }],
          },
        ],
      },
    ],
  },
  'GHSA-aaaa-bbbb-cccc.json',
);

describe('osv vulnerabilities', () => {
  it("keeps only the packages of the dump's own ecosystem", () => {
    const got = osvVulnerabilities(multiEcosystem, 'x', 'PyPI', NOW);

    assert.deepEqual(
      got.map((v) => [v.package.name, v.repo?.name, v.fixedInVersion]),
      [['left-pad', 'pypi', 'fixed=1.3.1']],
    );
  });

  it('names PyPI packages as PEP 503 normalises them, as the python scanner does, and no other', () => {
    const named = (ecosystem: string, name: string) =>
      osvVulnerabilities(
        parseAdvisory(
          {
            id: 'PYSEC-2021-142',
            published: '2021-03-25T00:00:00Z',
            affected: [
              {
                package: { ecosystem, name },
                ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.4' }] }],
              },
            ],
          },
          'PYSEC-2021-142.json',
        ),
        'x',
        ecosystem,
        NOW,
      ).map((v) => v.package.name);

    assert.deepEqual(named('PyPI', 'PyYAML'), ['pyyaml']);
    assert.deepEqual(named('PyPI', 'zope.interface'), ['zope-interface']);
    assert.deepEqual(named('Maven', 'org.yaml:SnakeYAML'), ['org.yaml:SnakeYAML']);
  });

  it('ignores the ECOSYSTEM ranges of npm and Go, which publish SEMVER ones', () => {
    const got = osvVulnerabilities(multiEcosystem, 'x', 'npm', NOW);

    assert.deepEqual(
      got.map((v) => [v.fixedInVersion, v.range?.kind]),
      [['1.3.1', 'semver']],
    );
  });

  it('names packages of other ecosystems by purl, and ignores GIT ranges', () => {
    const got = osvVulnerabilities(multiEcosystem, 'x', 'crates.io', NOW);

    assert.deepEqual(got, [
      {
        name: 'GHSA-aaaa-bbbb-cccc',
        description: 'Prototype pollution',
        issued: '2024-05-01T00:00:00Z',
        links: 'https://example.com/advisory https://osv.dev/vulnerability/CVE-2024-0001',
        severity: '',
        normalizedSeverity: 'Unknown',
        repo: { name: 'crates.io', key: '', uri: 'https://crates.io/' },
        package: { name: 'pkg:cargo/left_pad', version: '', module: '', arch: '', kind: 'binary' },
        dist: undefined,
        fixedInVersion: '0.2.0',
        archOperation: '',
        range: {
          kind: 'semver',
          lower: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
          upper: [0, 0, 2, 0, 0, 0, 0, 0, 0, 0],
        },
      },
    ]);
  });

  it('makes nothing for a dump none of whose packages the advisory names', () => {
    assert.deepEqual(osvVulnerabilities(multiEcosystem, 'x', 'Maven', NOW), []);
  });
});
