// Acceptance: a layer holding urllib3 1.26.4 installed by pip, indexed by the local stack, against
// urllib3's real PyPA advisories loaded through the osv updater. The report must name exactly the
// advisories whose ECOSYSTEM ranges Python's own `packaging` says hold 1.26.4.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Blob, layerFromTree } from '../helpers/layers.ts';
import {
  fetchVulnerabilityReport,
  indexManifest,
  type OsvStack,
  startOsvStack,
  vulnerabilityNames,
} from '../helpers/local-stack.ts';

const ADVISORIES = join(import.meta.dirname, 'testdata', 'pypi-urllib3');
const INSTALLED = '1.26.4';
const SITE = 'usr/local/lib/python3.11/site-packages';

const PACKAGING = spawnSync('python3', ['-c', 'import packaging.version']).status === 0;

// OSV's range rule over each ECOSYSTEM range's events in order, versions compared by packaging.
const AFFECTED_PY = `
import json, sys
from packaging.version import Version
v = Version(sys.argv[1])
def hit(events):
    start = None
    for e in events:
        if 'introduced' in e:
            start = Version('0') if e['introduced'] == '0' else Version(e['introduced'])
        elif start is not None and 'fixed' in e:
            if start <= v < Version(e['fixed']): return True
            start = None
        elif start is not None and 'last_affected' in e:
            if start <= v <= Version(e['last_affected']): return True
            start = None
    return start is not None and v >= start
print(json.dumps(sorted(a['id'] for a in json.load(sys.stdin) if any(
    hit(r['events']) for x in a['affected'] if x['package']['name'] == 'urllib3'
    for r in x.get('ranges', []) if r['type'] == 'ECOSYSTEM'))))
`;

describe('a pip-installed urllib3 against the PyPA advisories', {
  skip: PACKAGING ? false : 'python3 with packaging not found: pip install packaging to run this test',
}, () => {
  let stack: OsvStack<{ id: string }>;
  let layer: Blob;

  before(async () => {
    layer = await layerFromTree({
      [`${SITE}/urllib3-${INSTALLED}.dist-info/METADATA`]: [
        'Metadata-Version: 2.1',
        'Name: urllib3',
        `Version: ${INSTALLED}`,
        'Summary: HTTP library with thread-safe connection pooling, file post, and more.',
        'Home-page: https://urllib3.readthedocs.io/',
        'License: MIT',
        'Requires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, <4',
        '',
        'urllib3 is a powerful, user-friendly HTTP client for Python.',
        '',
      ].join('\n'),
      [`${SITE}/urllib3-${INSTALLED}.dist-info/INSTALLER`]: 'pip\n',
    });
    stack = await startOsvStack('PyPI', ADVISORIES, [layer]);
  });
  after(() => stack?.close());

  let manifest: string;

  it('indexes urllib3 from its wheel metadata, in the PyPI repository', async () => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, [layer]);
    manifest = report.manifest_hash;
    assert.deepEqual(
      Object.values(report.packages).map((p) => [p.name, p.version, p.normalized_version]),
      [['urllib3', INSTALLED, 'pep440:0.1.26.4.0.0.0.0.0.0']],
    );
    assert.deepEqual(
      Object.values(report.repository).map((r) => [r.name, r.uri]),
      [['pypi', 'https://pypi.org/simple']],
    );
  });

  it("reports exactly the advisories whose ranges hold 1.26.4 by Python's packaging", async () => {
    const want = JSON.parse(
      spawnSync('python3', ['-c', AFFECTED_PY, INSTALLED], {
        input: JSON.stringify(stack.advisories),
        encoding: 'utf8',
      }).stdout,
    ) as string[];
    assert.ok(
      want.length > 0 && want.length < stack.advisories.length,
      `packaging found ${want.length} advisories`,
    );
    const report = await fetchVulnerabilityReport(stack.runtime.apiUrl, manifest);
    const got = Object.values(vulnerabilityNames(report)).flat();
    assert.deepEqual([...new Set(got)].sort(), want);
  });
});
