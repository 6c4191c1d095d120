import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRecord, encodeRecord } from '../../../lib/updater/bundle-record.ts';
import type { Vulnerability } from '../../../lib/updater/types.ts';

const operation = { updater: 'rhel-vex', fingerprint: 'f', date: '2025-01-01T00:00:00.000Z', ref: 'r' };
const assertion: Vulnerability = {
  name: 'CVE-2022-38752',
  description: '',
  issued: undefined,
  links: '',
  severity: 'Unknown',
  normalizedSeverity: 'Unknown',
  package: {
    name: 'openshift-logging/elasticsearch6-rhel8',
    version: '',
    module: '',
    arch: '',
    kind: 'ancestry',
  },
  dist: undefined,
  repo: { name: 'cpe:2.3:a:redhat:logging:5:*:*:*:*:*:*:*', key: 'rhcc-container-repository', uri: '' },
  fixedInVersion: '',
  archOperation: '',
  range: undefined,
  invert: true,
};

describe('updater bundle records', () => {
  it("carries a known-not-affected assertion as claircore's Invert, with its ancestry package kind", () => {
    const line = encodeRecord({ ...operation, kind: 'vulnerability', vulnerability: assertion });
    assert.equal(JSON.parse(line).Vuln.Invert, true);
    const back = decodeRecord(line, 'line 1');
    assert.ok(back.kind === 'vulnerability');
    assert.deepEqual([back.vulnerability.invert, back.vulnerability.package.kind], [true, 'ancestry']);
  });

  it('writes no Invert for other records, as Clair HEAD writes none', () => {
    const { invert: _, ...plain } = assertion;
    const line = encodeRecord({ ...operation, kind: 'vulnerability', vulnerability: plain });
    assert.equal('Invert' in JSON.parse(line).Vuln, false);
    const back = decodeRecord(line, 'line 1');
    assert.ok(back.kind === 'vulnerability' && back.vulnerability.invert === undefined);
  });
});
