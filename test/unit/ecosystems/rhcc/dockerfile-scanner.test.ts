import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../../../../lib/config/load.ts';
import type { PluginConfig } from '../../../../lib/config/types.ts';
import { ECOSYSTEMS } from '../../../../lib/ecosystems/index.ts';
import {
  rhccDockerfileRepositoryScanner,
  rhccDockerfileScanner,
} from '../../../../lib/ecosystems/rhcc/dockerfile-scanner.ts';
import { ConfigError, InvalidInputError, UpstreamError } from '../../../../lib/errors.ts';
import { checkScannerConfigs } from '../../../../lib/indexer/scanner-config.ts';
import { scannerSet } from '../../../../lib/indexer/scanner-set.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { type FeedServer, startFeedServer } from '../../../helpers/feed-server.ts';
import { captureLog } from '../../../helpers/log.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { gnuTar, type Tree } from '../../indexer/tar-build.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'rhcc');
const MAPPING_FILE = join(import.meta.dirname, 'testdata', 'name-mapping.json');
const MAPPING = {
  data: { 'openshift/ose-logging-elasticsearch6': ['openshift4/ose-logging-elasticsearch6'] },
};
const scanners = [rhccDockerfileScanner, rhccDockerfileRepositoryScanner];
const layers = tarLayers(scanners);
/** The layer holding the tree, as the scanners see it after the walk; disposed after each test. */
const layerOfTree = (tree: Tree) => layers.of(gnuTar(tree));

/** A layer holding the testdata Dockerfile (or the given text) under root/buildinfo. */
const layerWith = (name: string, text = readFileSync(join(TESTDATA, name), 'utf8')) =>
  layerOfTree({ [`root/buildinfo/${name}`]: text, 'etc/hostname': 'x\n' });

// The packages claircore's scanner test wants: a source, then a binary and an ancestry package per repository.
function imagePackages(
  file: string,
  component: string,
  version: string,
  stream: [number, number],
  repos: string[],
) {
  const normalizedVersion = { kind: 'rhctag', v: [...stream, 0, 0, 0, 0, 0, 0, 0, 0] };
  const common = {
    version,
    arch: 'x86_64',
    module: '',
    normalizedVersion,
    packageDb: `root/buildinfo/${file}`,
    repositoryHint: 'rhcc',
    filepath: '',
  };
  const source = { name: component, version, arch: 'x86_64', normalizedVersion };
  return [
    { ...common, kind: 'source', name: component, source: undefined },
    ...repos.flatMap((name) => [
      { ...common, kind: 'binary', name, source },
      { ...common, kind: 'ancestry', name, source },
    ]),
  ];
}

describe('rhcc Dockerfile scanner', () => {
  afterEach(() => layers.disposeAll());

  let feeds: FeedServer;
  let ctx: ScanContext;
  let dir: string;
  const { log } = captureLog();
  const context = (config: PluginConfig): ScanContext => ({
    config,
    signal: AbortSignal.timeout(10_000),
    log,
  });
  before(async () => {
    feeds = await startFeedServer();
    feeds.set('/container-name-repos-map.json', {
      body: JSON.stringify(MAPPING),
      lastModified: 'Mon, 02 Jan 2006 15:04:05 GMT',
    });
    ctx = context({ name2repos_mapping_url: `${feeds.url}/container-name-repos-map.json` });
    dir = mkdtempSync(join(tmpdir(), 'clairless-rhcc-'));
  });
  after(async () => {
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is claircore's rhel_containerscanner: package version 2, repository version 1", () => {
    assert.deepEqual(
      scanners.map((s) => [s.name, s.version, s.kind]),
      [
        ['rhel_containerscanner', '2', 'package'],
        ['rhel_containerscanner', '1', 'repository'],
      ],
    );
  });

  const cases: [
    file: string,
    component: string,
    version: string,
    stream: [number, number],
    repos: string[],
  ][] = [
    [
      'Dockerfile-quay-quay-rhel8-v3.5.6-4',
      'quay-registry-container',
      'v3.5.6-4',
      [3, 5],
      ['quay/quay-rhel8'],
    ],
    [
      'Dockerfile-quay-clair-rhel8-v3.5.5-4',
      'quay-clair-container',
      'v3.5.5-4',
      [3, 5],
      ['quay/clair-rhel8'],
    ],
    [
      'Dockerfile-openshift-ose-logging-elasticsearch6-v4.6.0-202112132021.p0.g2a13a81.assembly.stream',
      'logging-elasticsearch6-container',
      'v4.6.0-202112132021.p0.g2a13a81.assembly.stream',
      [4, 6],
      ['openshift4/ose-logging-elasticsearch6'],
    ],
    [
      'Dockerfile-rhdh-rhdh-hub-rhel9-1.3-100',
      'rhdh-hub-container',
      '1.3-100',
      [1, 3],
      ['rhdh/rhdh-hub-rhel9'],
    ],
  ];
  for (const [file, component, version, stream, repos] of cases) {
    it(`reports the image of ${file} as claircore does`, async () => {
      const files = layerWith(file);
      assert.deepEqual(
        await rhccDockerfileScanner.scan(files, ctx),
        imagePackages(file, component, version, stream, repos),
      );
      assert.deepEqual(await rhccDockerfileRepositoryScanner.scan(files), [
        {
          name: 'Red Hat Container Catalog',
          key: 'rhcc-container-repository',
          uri: 'https://catalog.redhat.com/software/containers/explore',
          cpe: '',
        },
      ]);
    });
  }

  it('names a package per mapped repository, the name label itself when unmapped', async () => {
    feeds.set('/two.json', { body: JSON.stringify({ data: { 'quay/quay-rhel8': ['a/one', 'b/two'] } }) });
    const file = 'Dockerfile-quay-quay-rhel8-v3.5.6-4';
    const got = await rhccDockerfileScanner.scan(
      layerWith(file),
      context({ name2repos_mapping_url: `${feeds.url}/two.json` }),
    );
    assert.deepEqual(
      got.map((p) => `${p.kind} ${p.name}`),
      ['source quay-registry-container', 'binary a/one', 'ancestry a/one', 'binary b/two', 'ancestry b/two'],
    );
  });

  it('reads the mapping from a file when name2repos_mapping_file is set', async () => {
    const file = 'Dockerfile-rhdh-rhdh-hub-rhel9-1.3-100';
    const got = await rhccDockerfileScanner.scan(
      layerWith(file),
      context({ name2repos_mapping_file: MAPPING_FILE }),
    );
    assert.deepEqual(
      got.filter((p) => p.kind === 'binary').map((p) => p.name),
      ['rhdh/rhdh-hub-rhel9-from-file'],
    );
  });

  it('reports nothing for an image whose version is no major.minor, as UBI', async () => {
    const text = readFileSync(join(TESTDATA, 'Dockerfile-quay-quay-rhel8-v3.5.6-4'), 'utf8');
    const files = layerWith('Dockerfile-quay-quay-rhel8-latest-4', text);
    assert.deepEqual(await rhccDockerfileScanner.scan(files, ctx), []);
  });

  it('reports nothing without the component, name or architecture label', async () => {
    const text = 'FROM scratch\nLABEL name="x/y" architecture="x86_64"\n';
    assert.deepEqual(await rhccDockerfileScanner.scan(layerWith('Dockerfile-x-1.0-1', text), ctx), []);
  });

  it('ignores a Dockerfile name without version and release', async () => {
    const text = 'FROM scratch\nLABEL com.redhat.component=c name=n architecture=a\n';
    const files = layerWith('Dockerfile-x', text);
    assert.deepEqual(await rhccDockerfileScanner.scan(files, ctx), []);
    // The repository scanner only asks whether a buildinfo Dockerfile is there.
    assert.equal((await rhccDockerfileRepositoryScanner.scan(files)).length, 1);
  });

  it('reports nothing for a layer without buildinfo', async () => {
    const files = layerOfTree({ 'root/Dockerfile-x-1.0-1': 'FROM scratch\n' });
    assert.deepEqual(await rhccDockerfileScanner.scan(files, ctx), []);
    assert.deepEqual(await rhccDockerfileRepositoryScanner.scan(files), []);
  });

  it('fails naming the file when a label line cannot be read', async () => {
    const files = layerWith('Dockerfile-x-1.0-1', 'LABEL A=B \\\n\tC=D # no comments here\n');
    await assert.rejects(rhccDockerfileScanner.scan(files, ctx), (err: Error) => {
      assert.ok(err instanceof InvalidInputError);
      assert.match(err.message, /^root\/buildinfo\/Dockerfile-x-1\.0-1: invalid assignment syntax/);
      return true;
    });
  });

  it('seeds the mapping from name2repos_mapping_file until name2repos_mapping_url answers', async () => {
    const file = 'Dockerfile-rhdh-rhdh-hub-rhel9-1.3-100';
    const binaries = async (config: PluginConfig) =>
      (await rhccDockerfileScanner.scan(layerWith(file), context(config)))
        .filter((p) => p.kind === 'binary')
        .map((p) => p.name);
    feeds.set('/down.json', { body: 'down', status: 503 });
    assert.deepEqual(
      await binaries({
        name2repos_mapping_url: `${feeds.url}/down.json`,
        name2repos_mapping_file: MAPPING_FILE,
      }),
      ['rhdh/rhdh-hub-rhel9-from-file'],
    );
    feeds.set('/up.json', { body: JSON.stringify({ data: { 'rhdh/rhdh-hub-rhel9': ['from/url'] } }) });
    assert.deepEqual(
      await binaries({
        name2repos_mapping_url: `${feeds.url}/up.json`,
        name2repos_mapping_file: MAPPING_FILE,
      }),
      ['from/url'],
    );
  });

  it('reads a gzip mapping file', async () => {
    const gz = join(dir, 'name-mapping.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(MAPPING_FILE)));
    const got = await rhccDockerfileScanner.scan(
      layerWith('Dockerfile-rhdh-rhdh-hub-rhel9-1.3-100'),
      context({ name2repos_mapping_file: gz }),
    );
    assert.deepEqual(
      got.filter((p) => p.kind === 'binary').map((p) => p.name),
      ['rhdh/rhdh-hub-rhel9-from-file'],
    );
  });

  it('gives up on a mapping request after its timeout setting', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const config = { name2repos_mapping_url: `http://127.0.0.1:${port}/m.json`, timeout: '50ms' };
      await assert.rejects(
        rhccDockerfileScanner.scan(layerWith('Dockerfile-rhdh-rhdh-hub-rhel9-1.3-100'), context(config)),
        (err: Error) => err instanceof UpstreamError && /: no answer within 50 ms$/.test(err.message),
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('checks its settings at start-up', () => {
    const check = rhccDockerfileScanner.checkConfig;
    assert.ok(check !== undefined);
    assert.doesNotThrow(() => check({}));
    assert.doesNotThrow(() =>
      check({ name2repos_mapping_url: feeds.url, name2repos_mapping_file: MAPPING_FILE, timeout: '30s' }),
    );
    const where = 'indexer.scanner.package.rhel_containerscanner';
    for (const [config, message] of [
      [{ name2repos_mapping_uri: 'x' }, 'name2repos_mapping_uri: unknown key'],
      [
        { name2repos_mapping_url: 'file:///etc/passwd' },
        'name2repos_mapping_url: "file:///etc/passwd" is not an absolute http(s) URL',
      ],
      [
        { name2repos_mapping_file: join(dir, 'missing.json') },
        `name2repos_mapping_file: no file at ${join(dir, 'missing.json')}`,
      ],
      [{ timeout: '10 seconds' }, 'timeout: want a duration such as "10s", got "10 seconds"'],
    ] as const) {
      assert.throws(
        () => check(config),
        (err: Error) => err instanceof ConfigError && err.message.startsWith(`${where}.${message}`),
        message,
      );
    }
  });

  it('stops the indexer at start-up on a bad setting, not at the first image', () => {
    const { config } = parseConfig(
      'indexer:\n  scanner:\n    package:\n      rhel_containerscanner:\n        timeout: soon\n',
      'test.yaml',
      {},
    );
    assert.throws(
      () => checkScannerConfigs(scannerSet(ECOSYSTEMS).scanners, config.indexer),
      /^ConfigError: indexer\.scanner\.package\.rhel_containerscanner\.timeout: want a duration/,
    );
  });
});
