// POST internal/affected_manifest/ over the local runtime: images indexed from real layers, then
// asked which of them advisories affect, as the notifier asks after an update.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../../lib/config/load.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/runtime.ts';
import { indexImage } from '../../helpers/index-image.ts';
import { type LayerServer, startLayerServer } from '../../helpers/layer-server.ts';
import {
  ALPINE_3_10_OS_RELEASE,
  type Blob,
  DEBIAN_12_OS_RELEASE,
  dpkgStatus,
  layerFromTree,
} from '../../helpers/layers.ts';
import { localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';

const ALPINE_DIST = { did: 'alpine', name: 'Alpine Linux', pretty_name: 'Alpine Linux v3.10' };
const BOOKWORM = { did: 'debian', name: 'Debian GNU/Linux', version_id: '12', version_code_name: 'bookworm' };

/** A wire vulnerability as the notifier sends it (clair-spec.md section 2.6). */
const advisory = (
  id: string,
  pkg: string,
  fixed: string,
  distribution: Record<string, string>,
  severity = 'Unknown',
) => ({
  id,
  updater: 'test',
  name: `CVE-${id}`,
  description: '',
  issued: '0001-01-01T00:00:00Z',
  links: '',
  severity: '',
  normalized_severity: severity,
  package: { id: '', name: pkg, version: '', kind: 'source', normalized_version: '', cpe: '' },
  distribution: { id: '', ...distribution },
  repository: { cpe: '' },
  fixed_in_version: fixed,
});

describe('affected manifests', () => {
  let runtime: LocalRuntime;
  let layers: LayerServer;
  let alpine: string;
  let debian: string;
  const post = async (body: unknown) => {
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/internal/affected_manifest/`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, Record<string, unknown>> };
  };
  const index = (layer: Blob): Promise<string> => indexImage(runtime.apiUrl, layers, layer);

  before(async () => {
    const apk = await layerFromTree({
      'etc/os-release': ALPINE_3_10_OS_RELEASE,
      'lib/apk/db/installed':
        'P:ansible\nV:2.8.2-r0\nA:x86_64\no:ansible\n\nP:libssl1.1\nV:1.1.1d-r0\nA:x86_64\no:openssl\n',
    });
    const deb = await layerFromTree({
      'etc/os-release': DEBIAN_12_OS_RELEASE,
      'var/lib/dpkg/status': dpkgStatus([
        { name: 'libssl3', version: '3.0.11-1~deb12u1', source: 'openssl' },
        { name: 'zlib1g', version: '1:1.2.13.dfsg-1', source: 'zlib' },
      ]),
      'var/lib/dpkg/info/libssl3:amd64.list': '/usr/lib/libssl.so.3\n',
      'var/lib/dpkg/info/zlib1g:amd64.list': '/usr/lib/libz.so.1\n',
    });
    layers = await startLayerServer([apk, deb]);
    const setup = await localSetup('indexer: {allow_private_networks: true, request_wait: 60s}');
    runtime = await startLocalRuntime(parseConfig(setup.yaml, 'local.yaml', {}).config, captureLog().log);
    alpine = await index(apk);
    debian = await index(deb);
  });
  after(async () => {
    await runtime?.stop();
    await layers?.close();
  });

  it('lists the manifests each advisory affects, most severe first', async () => {
    const { status, body } = await post({
      vulnerabilities: [
        advisory('1', 'ansible', '2.8.4-r0', ALPINE_DIST, 'Low'),
        advisory('2', 'ansible', '2.8.2-r0', ALPINE_DIST, 'High'),
        advisory('3', 'openssl', '1.1.1g-r0', ALPINE_DIST, 'Critical'),
        advisory('4', 'openssl', '3.0.13-1~deb12u1', BOOKWORM, 'Medium'),
        advisory('5', 'openssl', '3.0.11-1~deb12u1', BOOKWORM, 'Critical'),
        advisory('6', 'zlib', '', BOOKWORM, 'Negligible'),
        advisory('7', 'zlib', '0', BOOKWORM, 'High'),
        advisory('8', 'ansible', '', { ...ALPINE_DIST, pretty_name: 'Alpine Linux v3.11' }, 'High'),
        advisory('9', 'ansible', '', { did: 'alpine', name: 'Alpine Linux', pretty_name: '' }, 'High'),
      ],
    });
    assert.equal(status, 200);
    assert.deepEqual(body.vulnerable_manifests, { [alpine]: ['3', '1'], [debian]: ['4', '6'] });
    assert.deepEqual(Object.keys(body.vulnerabilities ?? {}).sort(), [
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });

  it('looks advisories of one package up once, and judges each: 300 openssl advisories', async () => {
    const fixes = ['3.0.11-1~deb12u1', '3.0.11-1~deb12u2', '3.0.9-1', ''];
    const advisories = Array.from({ length: 300 }, (_, i) =>
      advisory(String(1000 + i), 'openssl', fixes[i % 4] ?? '', BOOKWORM),
    );
    const { status, body } = await post({ vulnerabilities: advisories });
    assert.equal(status, 200);
    const want = advisories.filter((_, i) => i % 4 === 1 || i % 4 === 3).map((a) => a.id);
    assert.deepEqual(body.vulnerable_manifests, { [debian]: want });
  });

  it('answers an empty map when nothing is affected', async () => {
    const { status, body } = await post({
      vulnerabilities: [advisory('1', 'nothing-installed', '', BOOKWORM)],
    });
    assert.equal(status, 200);
    assert.deepEqual(body.vulnerable_manifests, {});
  });

  it('fails a request that is not a vulnerability list with 400 naming what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [[], /want \{"vulnerabilities": \[\.\.\.\]\}, got an array/],
      [{ vulnerabilities: [{ id: '1' }] }, /vulnerabilities\[0\]: package.name is missing/],
      [{ vulnerabilities: [{ package: { name: 'x' } }] }, /vulnerabilities\[0\]: id is missing/],
      [
        { vulnerabilities: [{ id: '1', package: { name: 'x' }, fixed_in_version: 3 }] },
        /fixed_in_version must be a string, got 3/,
      ],
      ['{"vulnerabilities": [', /not valid JSON/],
      [
        { vulnerabilities: [{ id: '1', package: { name: 'a\u0000b' } }] },
        /vulnerabilities\[0\]: package.name holds a NUL character/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(String(res.body.message), message);
    }
  });
});
