import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PluginConfig } from '../../../../lib/config/types.ts';
import {
  rhccDockerfileRepositoryScanner,
  rhccDockerfileScanner,
} from '../../../../lib/ecosystems/rhcc/dockerfile-scanner.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { type FeedServer, startFeedServer } from '../../../helpers/feed-server.ts';
import { captureLog } from '../../../helpers/log.ts';
import { layerOfTree } from './tar-layer.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'rhcc');
const MAPPING = {
  data: { 'openshift/ose-logging-elasticsearch6': ['openshift4/ose-logging-elasticsearch6'] },
};
const scanners = [rhccDockerfileScanner, rhccDockerfileRepositoryScanner];

/** A layer holding the testdata Dockerfile (or the given text) under root/buildinfo. */
const layerWith = (name: string, text = readFileSync(join(TESTDATA, name), 'utf8')) =>
  layerOfTree(scanners, { [`root/buildinfo/${name}`]: text, 'etc/hostname': 'x\n' });

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
  let feeds: FeedServer;
  let ctx: ScanContext;
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
  });
  after(() => feeds.close());

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
    const mapping = join(import.meta.dirname, 'testdata', 'name-mapping.json');
    const got = await rhccDockerfileScanner.scan(
      layerWith(file),
      context({ name2repos_mapping_file: mapping }),
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
    const files = layerOfTree(scanners, { 'root/Dockerfile-x-1.0-1': 'FROM scratch\n' });
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

  it('fails on an unknown setting, naming its key', async () => {
    const file = 'Dockerfile-rhdh-rhdh-hub-rhel9-1.3-100';
    await assert.rejects(
      rhccDockerfileScanner.scan(layerWith(file), context({ timeout: '10s' })),
      (err: Error) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /indexer\.scanner\.package\.rhel_containerscanner\.timeout: unknown key/);
        return true;
      },
    );
  });
});
