import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { pep503Name } from '../../../../lib/ecosystems/python/pep503-name.ts';

// Names as they appear in real METADATA files and advisories, and the odd ones PEP 503 is about.
const NAMES = [
  'PyYAML',
  'zope.interface',
  'charset_normalizer',
  'Django',
  'ruamel.yaml.clib',
  'backports.ssl_match_hostname',
  'a__b--c..d',
  'Jinja2',
  'typing-extensions',
  '_leading',
];

const python = spawnSync('python3', ['-c', 'import packaging.utils'], { stdio: 'ignore' });
const SKIP =
  python.status === 0 ? false : 'python3 with packaging is missing: apt-get install python3-packaging';

describe('PEP 503 names', () => {
  it("agree with Python packaging's canonicalize_name", { skip: SKIP }, () => {
    const canonical = spawnSync(
      'python3',
      [
        '-c',
        'import sys, json; from packaging.utils import canonicalize_name as c; print(json.dumps([c(n) for n in json.load(sys.stdin)]))',
      ],
      { input: JSON.stringify(NAMES), encoding: 'utf8' },
    );
    assert.equal(canonical.status, 0, canonical.stderr);
    assert.deepEqual(NAMES.map(pep503Name), JSON.parse(canonical.stdout));
  });

  it('fold case and each run of separators', () => {
    assert.equal(pep503Name('Zope.__Interface'), 'zope-interface');
  });
});
