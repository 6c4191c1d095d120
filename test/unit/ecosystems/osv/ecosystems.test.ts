import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalEcosystem,
  namesPackages,
  normalizeEcosystem,
  osvRepository,
} from '../../../../lib/ecosystems/osv/ecosystems.ts';

describe('osv ecosystems', () => {
  it('normalises an ecosystem to its dump: lower case, cut at the colon', () => {
    assert.equal(normalizeEcosystem('PyPI'), 'pypi');
    assert.equal(normalizeEcosystem('Debian:11'), 'debian');
    assert.equal(normalizeEcosystem('Ubuntu:Pro:22.04:LTS'), 'ubuntu');
  });

  it("spells a configured name as the bucket does, keeping names it doesn't know", () => {
    assert.equal(canonicalEcosystem('pypi'), 'PyPI');
    assert.equal(canonicalEcosystem('CRATES.IO'), 'crates.io');
    assert.equal(canonicalEcosystem('SomeNewEcosystem'), 'SomeNewEcosystem');
  });

  it('names packages by name in Go, Maven, npm, PyPI and RubyGems only', () => {
    assert.deepEqual(
      ['Go', 'Maven', 'npm', 'PyPI', 'RubyGems', 'crates.io', 'NuGet', 'Packagist'].map(namesPackages),
      [true, true, true, true, true, false, false, false],
    );
  });

  it("files vulnerabilities under the ecosystem's repository", () => {
    assert.deepEqual(osvRepository('PyPI'), { name: 'pypi', key: '', uri: 'https://pypi.org/' });
    assert.deepEqual(osvRepository('Maven'), {
      name: 'maven',
      key: '',
      uri: 'https://repo1.maven.apache.org/maven2',
    });
    assert.deepEqual(osvRepository('Hex'), { name: 'hex', key: '', uri: '' });
    assert.deepEqual(osvRepository('constructor'), { name: 'constructor', key: '', uri: '' });
  });
});
