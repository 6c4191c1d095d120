import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ECOSYSTEMS, updaterSets } from '../../../lib/ecosystems/index.ts';

describe('ecosystem registry', () => {
  it('registers every ecosystem folder of lib/ecosystems, each once', () => {
    const folders = readdirSync(join(import.meta.dirname, '..', '..', '..', 'lib', 'ecosystems'), {
      withFileTypes: true,
    })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    assert.deepEqual(ECOSYSTEMS.map((e) => e.name).sort(), folders);
  });

  // rhcc finds images and the language ecosystems packages, not distributions: their packages are
  // placed by repository alone.
  const byRepositoryAlone = ['rhcc', 'python', 'ruby', 'nodejs', 'java', 'gobin'];
  for (const e of ECOSYSTEMS.filter((x) => x.coalescer !== undefined)) {
    it(`gives ${e.name} a package scanner, a distribution scanner (but rhcc and the languages) and a coalescer`, () => {
      assert.ok(e.packageScanners.length > 0);
      assert.equal(e.distributionScanners.length > 0, !byRepositoryAlone.includes(e.name));
      if (byRepositoryAlone.includes(e.name)) assert.ok(e.repositoryScanners.length > 0, e.name);
      assert.equal(typeof e.coalescer, 'function');
      for (const s of e.packageScanners) assert.equal(s.kind, 'package');
      for (const s of e.distributionScanners) assert.equal(s.kind, 'distribution');
      for (const s of e.repositoryScanners) assert.equal(s.kind, 'repository');
    });
  }

  it('lets an ecosystem without a coalescer bring only vulnerability data or matchers', () => {
    for (const e of ECOSYSTEMS.filter((x) => x.coalescer === undefined)) {
      assert.deepEqual(
        [e.packageScanners, e.distributionScanners, e.repositoryScanners],
        [[], [], []],
        e.name,
      );
      assert.ok(e.updaters !== undefined || (e.matchers ?? []).length > 0, e.name);
    }
  });

  it('offers the updater sets of Clair that are built, enrichers included, each under its own name', () => {
    const sets = updaterSets();
    assert.deepEqual([...sets.keys()].sort(), [
      'alpine',
      'aws',
      'clair.cvss',
      'debian',
      'oracle',
      'osv',
      'photon',
      'rhel-vex',
      'suse',
      'ubuntu',
    ]);
    for (const [name, set] of sets) assert.equal(set.name, name);
  });
});
