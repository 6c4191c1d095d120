// Acceptance: a layer holding urllib3 1.26.4 installed by pip, indexed by the local stack, against
// urllib3's real PyPA advisories loaded through the osv updater. The report must name exactly the
// advisories whose ECOSYSTEM ranges Python's own `packaging` says hold 1.26.4.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../lib/config/load.ts';
import type { IndexReport } from '../../lib/indexer/index-report.ts';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/runtime.ts';
import type { VulnerabilityReport } from '../../lib/matcher/vulnerability-report.ts';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { type LayerServer, startLayerServer } from '../helpers/layer-server.ts';
import { type Blob, digestOf, layerFromTree } from '../helpers/layers.ts';
import { firstUpdateOperation, localSetup } from '../helpers/local-config.ts';
import { captureLog } from '../helpers/log.ts';
import { advisoryEntries, writeZip } from '../unit/ecosystems/osv/zip-fixture.ts';

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
  let dir: string;
  let feeds: FeedServer;
  let layers: LayerServer;
  let runtime: LocalRuntime;
  let layer: Blob;
  let advisories: { id: string }[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-python-'));
    const entries = await advisoryEntries(ADVISORIES);
    advisories = entries.map((e) => JSON.parse(String(e.data)));
    await writeZip(join(dir, 'PyPI.zip'), entries);
    feeds = await startFeedServer();
    feeds.set('/PyPI/all.zip', { body: await readFile(join(dir, 'PyPI.zip')) });
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
    layers = await startLayerServer([layer]);
    const setup = await localSetup(
      'indexer: {allow_private_networks: true, request_wait: 120s}',
      `updaters: {sets: [osv], config: {osv: {url: "${feeds.url}", allowlist: [PyPI]}}}`,
    );
    runtime = await startLocalRuntime(parseConfig(setup.yaml, 'python.yaml', {}).config, captureLog().log);
    await firstUpdateOperation(runtime.apiUrl, 'osv/pypi');
  });
  after(async () => {
    await runtime?.stop();
    await Promise.all([layers?.close(), feeds?.close(), dir && rm(dir, { recursive: true, force: true })]);
  });

  let manifest: string;

  it('indexes urllib3 from its wheel metadata, in the PyPI repository', async () => {
    manifest = digestOf(Buffer.from(layer.digest));
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify({ hash: manifest, layers: [{ hash: layer.digest, uri: layers.uri(layer) }] }),
    });
    const report = (await res.json()) as IndexReport;
    assert.equal(res.status, 201);
    assert.equal(report.state, 'IndexFinished', report.err);
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
        input: JSON.stringify(advisories),
        encoding: 'utf8',
      }).stdout,
    ) as string[];
    assert.ok(
      want.length > 0 && want.length < advisories.length,
      `packaging found ${want.length} advisories`,
    );
    const res = await fetch(`${runtime.apiUrl}/matcher/api/v1/vulnerability_report/${manifest}`);
    const report = (await res.json()) as VulnerabilityReport;
    assert.equal(res.status, 200);
    const got = Object.values(report.package_vulnerabilities)
      .flat()
      .map((v) => report.vulnerabilities[v]?.name ?? v);
    assert.deepEqual([...new Set(got)].sort(), want);
  });
});
