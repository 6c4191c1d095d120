// Normalised versions (claircore's Version) through the indexer: stored with the package rows,
// read back for coalescing, written as `kind:v0.….v9` in the report; and a Red Hat image of two
// rhcc layers indexed end to end, its base image left unmatchable by the rhcc coalescer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../../lib/config/load.ts';
import { rhccLabelsScanner } from '../../../lib/ecosystems/rhcc/labels-scanner.ts';
import type { Digest } from '../../../lib/indexer/digest.ts';
import { coalescedReport, type IndexReport } from '../../../lib/indexer/index-report.ts';
import { loadLayerArtifacts } from '../../../lib/indexer/store/load-layer-artifacts.ts';
import { persistManifest } from '../../../lib/indexer/store/persist-manifest.ts';
import { registerScanners } from '../../../lib/indexer/store/register-scanners.ts';
import { storeLayerResults } from '../../../lib/indexer/store/store-layer-results.ts';
import type { ScannedPackage, StoredPackage } from '../../../lib/indexer/types.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/runtime.ts';
import { type OpenTestDatabase, openTestDatabase } from '../../helpers/database.ts';
import { type LayerServer, startLayerServer } from '../../helpers/layer-server.ts';
import { type Blob, digestOf, layerFromTree } from '../../helpers/layers.ts';
import { localSetup } from '../../helpers/local-config.ts';
import { captureLog } from '../../helpers/log.ts';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}` as Digest;
const rhctag = (major: number, minor: number) => ({
  kind: 'rhctag',
  v: [major, minor, 0, 0, 0, 0, 0, 0, 0, 0],
});

const common = {
  arch: 'x86_64',
  module: '',
  packageDb: 'root/buildinfo/labels.json',
  repositoryHint: 'rhcc',
  filepath: '',
};
const SOURCE = {
  name: 'quay-registry-container',
  version: 'v3.5.6-4',
  arch: 'x86_64',
  normalizedVersion: rhctag(3, 5),
};
const SCANNED: ScannedPackage[] = [
  { ...common, ...SOURCE, kind: 'source', source: undefined },
  {
    ...common,
    name: 'quay/quay-rhel8',
    version: 'v3.5.6-4',
    kind: 'binary',
    normalizedVersion: rhctag(3, 5),
    source: SOURCE,
  },
  {
    ...common,
    name: 'quay/quay-rhel8',
    version: 'v3.5.6-4',
    kind: 'ancestry',
    normalizedVersion: rhctag(3, 5),
    source: SOURCE,
  },
  // A package with no normalised version, as most scanners report them.
  { ...common, name: 'plain', version: '1.0-1', source: { name: 'plain-src', version: '1.0-1' } },
];

describe('normalised versions in the indexer store', () => {
  let store: OpenTestDatabase;
  before(async () => {
    store = await openTestDatabase(captureLog().log);
  });
  after(() => store.close());

  it('reads back what was stored: kinds, normalised versions, source arch', async () => {
    const { layerIds } = await persistManifest(store.db, {
      hash: digest(9),
      layers: [{ hash: digest(1), uri: 'file:///x', headers: {} }],
    });
    const layerId = layerIds[0] as string;
    const scannerId = (await registerScanners(store.db, [rhccLabelsScanner])).get(
      rhccLabelsScanner,
    ) as string;
    await storeLayerResults(store.db, layerId, scannerId, { kind: 'package', items: SCANNED });
    const [layer] = await loadLayerArtifacts(store.db, [{ id: layerId, hash: digest(1) }], [scannerId]);
    const got = (layer?.packages ?? []).map(({ id, sourceId, scanner, ...rest }) => {
      assert.equal(scanner, 'rhel_package_container_detector');
      return rest;
    });
    const want = SCANNED.map((p) => ({
      ...p,
      kind: p.kind ?? 'binary',
      source: p.source === undefined ? undefined : { arch: '', ...p.source },
    }));
    const order = (ps: Omit<StoredPackage, 'id' | 'sourceId' | 'scanner'>[]) =>
      ps.toSorted((a, b) => `${a.kind} ${a.name}`.localeCompare(`${b.kind} ${b.name}`));
    assert.deepEqual(order(got), order(want));

    // The source package and the binary's source are one row, as in claircore.
    const packages = layer?.packages ?? [];
    const standalone = packages.find((p) => p.kind === 'source');
    const binary = packages.find((p) => p.kind === 'binary' && p.name === 'quay/quay-rhel8');
    assert.ok(standalone !== undefined && binary !== undefined);
    assert.equal(binary.sourceId, standalone.id);
  });

  it('writes normalised versions in claircore text form on the wire, "" when none', async () => {
    const pkgs = SCANNED.map((p, i) => ({
      ...p,
      id: String(i + 1),
      sourceId: p.source && '1',
      scanner: 's',
    }));
    const report = coalescedReport(
      digest(9),
      {
        packages: new Map(pkgs.map((p) => [p.id, { pkg: p, environments: [] }])),
        distributions: new Map(),
        repositories: new Map(),
      },
      'IndexFinished',
    );
    assert.deepEqual(
      Object.values(report.packages).map((p) => [
        p.kind,
        p.name,
        p.normalized_version,
        p.source?.normalized_version,
      ]),
      [
        ['source', 'quay-registry-container', 'rhctag:3.5.0.0.0.0.0.0.0.0', undefined],
        ['binary', 'quay/quay-rhel8', 'rhctag:3.5.0.0.0.0.0.0.0.0', 'rhctag:3.5.0.0.0.0.0.0.0.0'],
        ['ancestry', 'quay/quay-rhel8', 'rhctag:3.5.0.0.0.0.0.0.0.0', 'rhctag:3.5.0.0.0.0.0.0.0.0'],
        ['binary', 'plain', '', ''],
      ],
    );
  });
});

const labels = (name: string, created: string, cpe: string) =>
  JSON.stringify({ name, architecture: 'x86_64', 'org.opencontainers.image.created': created, cpe });

describe('a Red Hat image indexed end to end', () => {
  let runtime: LocalRuntime;
  let server: LayerServer;
  let base: Blob;
  let top: Blob;
  before(async () => {
    base = await layerFromTree({
      'root/buildinfo/labels.json': labels(
        'ubi9/ubi',
        '2025-01-01T00:00:00Z',
        'cpe:/o:redhat:enterprise_linux:9::baseos',
      ),
    });
    top = await layerFromTree({
      'root/buildinfo/labels.json': labels(
        'openshift-gitops-1/gitops-rhel8-operator',
        '2025-04-14T02:14:26Z',
        'cpe:/a:redhat:openshift_gitops:1.16::el8',
      ),
    });
    server = await startLayerServer([base, top]);
    const setup = await localSetup('indexer:\n  request_wait: 60s\n  allow_private_networks: true\n');
    runtime = await startLocalRuntime(parseConfig(setup.yaml, 'index.yaml', {}).config, captureLog().log);
  });
  after(async () => {
    await runtime.stop();
    await server.close();
  });

  it('keeps the top image matchable and its base image unmatchable, in the stored report too', async () => {
    const manifest = {
      hash: digestOf(Buffer.from(base.digest + top.digest)),
      layers: [base, top].map((l) => ({ hash: l.digest, uri: server.uri(l), headers: {} })),
    };
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify(manifest),
    });
    const posted = (await res.json()) as IndexReport;
    assert.equal(posted.state, 'IndexFinished', posted.err);
    const stored = (await (
      await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report/${manifest.hash}`)
    ).json()) as IndexReport;
    for (const report of [posted, stored]) {
      const rows = Object.values(report.packages)
        .map((p) => `${p.kind} ${p.name} ${p.version} ${p.normalized_version}`)
        .sort();
      assert.deepEqual(rows, [
        'ancestry openshift-gitops-1/gitops-rhel8-operator 1744596866 rhctag:1744596866.0.0.0.0.0.0.0.0.0',
        'ancestry ubi9/ubi 1735689600 unmatchable:1735689600.0.0.0.0.0.0.0.0.0',
        'binary openshift-gitops-1/gitops-rhel8-operator 1744596866 rhctag:1744596866.0.0.0.0.0.0.0.0.0',
        'binary ubi9/ubi 1735689600 unmatchable:1735689600.0.0.0.0.0.0.0.0.0',
        'source openshift-gitops-1/gitops-rhel8-operator 1744596866 rhctag:1744596866.0.0.0.0.0.0.0.0.0',
        'source ubi9/ubi 1735689600 unmatchable:1735689600.0.0.0.0.0.0.0.0.0',
      ]);
      const repos = Object.values(report.repository)
        .map((r) => `${r.key} ${r.name}`)
        .sort();
      assert.deepEqual(repos, [
        'rhcc-container-repository cpe:2.3:a:redhat:openshift_gitops:1.16:*:el8:*:*:*:*:*',
        'rhcc-container-repository cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*',
      ]);
    }
  });
});
