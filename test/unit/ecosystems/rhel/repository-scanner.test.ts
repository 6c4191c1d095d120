import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rhelRepositoryScanner } from '../../../../lib/ecosystems/rhel/repository-scanner.ts';
import { checkRepositoryScannerConfig } from '../../../../lib/ecosystems/rhel/repository-scanner-config.ts';
import { ConfigError, UpstreamError } from '../../../../lib/errors.ts';
import type { LayerFiles } from '../../../../lib/indexer/layer-files.ts';
import type { Repository } from '../../../../lib/indexer/types.ts';
import { type FeedServer, startFeedServer } from '../../../helpers/feed-server.ts';
import { freePorts } from '../../../helpers/free-port.ts';
import { captureLog } from '../../../helpers/log.ts';
import { layerOfTar } from '../../../helpers/tar-layer.ts';
import { type EntrySpec, layerOf } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const LAYERS = join(TESTDATA, 'layers');
const DNF4 = 'var/lib/dnf/history.sqlite';
const MANIFEST = 'root/buildinfo/content_manifests/foo-1.json';

// claircore rhel/repositoryscanner_test.go's mapping, plus the repoids of custom-dnf-history.sqlite.
const MAPPING = JSON.stringify({
  data: {
    'content-set-1': {
      cpes: ['cpe:/o:redhat:enterprise_linux:6::server', 'cpe:/o:redhat:enterprise_linux:7::server'],
    },
    'content-set-2': {
      cpes: ['cpe:/o:redhat:enterprise_linux:7::server', 'cpe:/o:redhat:enterprise_linux:8::server'],
    },
    'test-repo-baseos': { cpes: ['cpe:/o:redhat:enterprise_linux:9::baseos'] },
    'test-repo-appstream': {
      cpes: ['cpe:/a:redhat:enterprise_linux:9::appstream', 'cpe:/a:redhat:openshift:4.*'],
    },
  },
});

const repo = (version: string, repoid: string): Repository => {
  const cpe = `cpe:2.3:o:redhat:enterprise_linux:${version}:*:server:*:*:*:*:*`;
  return { name: cpe, key: 'rhel-cpe-repository', uri: `repoid=${repoid}`, cpe };
};
/** What claircore's test wants of the layers naming content-set-1 and content-set-2. */
const CONTENT_SETS_1_2 = [
  repo('6', 'content-set-1'),
  repo('7', 'content-set-1'),
  repo('7', 'content-set-2'),
  repo('8', 'content-set-2'),
];
const DNF_CUSTOM: Repository[] = [
  {
    name: 'cpe:2.3:a:redhat:enterprise_linux:9:*:appstream:*:*:*:*:*',
    key: 'rhel-cpe-repository',
    uri: 'repoid=test-repo-appstream',
    cpe: 'cpe:2.3:a:redhat:enterprise_linux:9:*:appstream:*:*:*:*:*',
  },
  {
    name: 'cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*',
    key: 'rhel-cpe-repository',
    uri: 'repoid=test-repo-baseos',
    cpe: 'cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*',
  },
];

describe('rhel repository scanner', () => {
  let feeds: FeedServer;
  let dir: string;
  let mappingFile: string;
  const url = () => `${feeds.url}/repository-to-cpe.json`;
  const mappingGets = () => feeds.requests.filter((r) => r === 'GET /repository-to-cpe.json').length;
  const scanWith = (files: LayerFiles, config: Record<string, unknown>, log = captureLog().log) =>
    rhelRepositoryScanner.scan(files, { config, signal: new AbortController().signal, log });
  const scanTar = async (name: string, config: Record<string, unknown>) => {
    const layer = layerOfTar([rhelRepositoryScanner], readFileSync(join(LAYERS, name)));
    try {
      return await scanWith(layer.files, config);
    } finally {
      layer.dispose();
    }
  };
  const scanEntries = (
    entries: [string, EntrySpec][],
    config: Record<string, unknown>,
    log = captureLog().log,
  ) => scanWith(layerOf(rhelRepositoryScanner, entries), config, log);

  before(async () => {
    feeds = await startFeedServer();
    feeds.set('/repository-to-cpe.json', { body: MAPPING });
    dir = mkdtempSync(join(tmpdir(), 'clairless-rhel-repo-'));
    mappingFile = join(dir, 'repository-to-cpe.json');
    writeFileSync(mappingFile, MAPPING);
  });
  after(async () => {
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the repository scanner rhel-repository-scanner, version 3', () => {
    assert.deepEqual(
      [rhelRepositoryScanner.name, rhelRepositoryScanner.version, rhelRepositoryScanner.kind],
      ['rhel-repository-scanner', '3', 'repository'],
    );
  });

  it('wants content manifests as content and DNF histories as files', () => {
    assert.equal(rhelRepositoryScanner.wants(MANIFEST, 'file'), 'content');
    assert.equal(rhelRepositoryScanner.wants('usr/share/buildinfo/foo.json', 'file'), 'content');
    assert.equal(rhelRepositoryScanner.wants(DNF4, 'file'), 'file');
    assert.equal(rhelRepositoryScanner.wants('var/lib/rpm/rpmdb.sqlite', 'file'), 'none');
  });

  // claircore's cases, on its layers.
  const cases: { layer: string; config: 'url' | 'file' | 'air-gap'; want: Repository[] }[] = [
    { layer: 'layer-with-embedded-cs.tar', config: 'url', want: CONTENT_SETS_1_2 },
    { layer: 'layer-with-embedded-cs.tar', config: 'file', want: CONTENT_SETS_1_2 },
    { layer: 'layer-with-embedded-cs.tar', config: 'air-gap', want: CONTENT_SETS_1_2 },
    { layer: 'rhcos-layer-with-embedded-cs.tar', config: 'file', want: CONTENT_SETS_1_2 },
    { layer: 'rhcos-layer-with-conflicting-files.tar', config: 'file', want: CONTENT_SETS_1_2 },
    { layer: 'layer-with-no-cpe-info.tar', config: 'url', want: [] },
    { layer: 'layer-with-cpe.tar', config: 'url', want: [] },
    { layer: 'layer-with-invalid-content-manifests-json.tar', config: 'url', want: [] },
  ];
  for (const c of cases) {
    it(`finds ${c.want.length} repositories in ${c.layer} with the mapping from ${c.config}`, async () => {
      const [port] = await freePorts(1);
      const config = {
        url: { repo2cpe_mapping_url: url() },
        file: { repo2cpe_mapping_file: mappingFile },
        'air-gap': {
          repo2cpe_mapping_url: `http://127.0.0.1:${port}/unreachable.json`,
          repo2cpe_mapping_file: mappingFile,
        },
      }[c.config];
      assert.deepEqual(await scanTar(c.layer, config), c.want);
    });
  }

  it('asks for no mapping when the layer names no repository', async () => {
    const before = mappingGets();
    const failing = { repo2cpe_mapping_url: `${feeds.url}/never-asked.json` };
    assert.deepEqual(await scanTar('layer-with-no-cpe-info.tar', failing), []);
    assert.deepEqual(await scanEntries([['etc/os-release', 'ID=debian\n']], {}), []);
    assert.equal(mappingGets(), before);
    assert.ok(!feeds.requests.includes('GET /never-asked.json'));
  });

  it('takes the repoids from the DNF history when the manifest says from_dnf_hint', async () => {
    const history: [string, EntrySpec] = [DNF4, { from: join(TESTDATA, 'custom-dnf-history.sqlite') }];
    const hinted = JSON.stringify({ content_sets: ['content-set-1'], from_dnf_hint: true });
    assert.deepEqual(
      await scanEntries([[MANIFEST, hinted], history], { repo2cpe_mapping_file: mappingFile }),
      DNF_CUSTOM,
    );
  });

  it('takes the repoids from the DNF history when there is no manifest', async () => {
    const history: [string, EntrySpec] = [DNF4, { from: join(TESTDATA, 'custom-dnf-history.sqlite') }];
    assert.deepEqual(await scanEntries([history], { repo2cpe_mapping_file: mappingFile }), DNF_CUSTOM);
  });

  it('takes the content sets when the manifest has no from_dnf_hint, even with a DNF history', async () => {
    const history: [string, EntrySpec] = [DNF4, { from: join(TESTDATA, 'custom-dnf-history.sqlite') }];
    const manifest = JSON.stringify({ content_sets: ['content-set-2'] });
    assert.deepEqual(
      await scanEntries([[MANIFEST, manifest], history], { repo2cpe_mapping_file: mappingFile }),
      [repo('7', 'content-set-2'), repo('8', 'content-set-2')],
    );
  });

  it('skips a repoid the mapping lacks, at debug, and a CPE it cannot read, with a warning', async () => {
    const { log, entries } = captureLog();
    const manifest = JSON.stringify({ content_sets: ['unknown-repo', 'test-repo-appstream'] });
    const got = await scanEntries([[MANIFEST, manifest]], { repo2cpe_mapping_file: mappingFile }, log);
    assert.deepEqual(got, [DNF_CUSTOM[0]]);
    assert.deepEqual(
      entries.map((e) => [e.level, e.msg, e.repoid]),
      [
        ['debug', 'repository skip: not in the repository-to-cpe mapping', 'unknown-repo'],
        ['warn', 'repository skip: invalid cpe in the repository-to-cpe mapping', 'test-repo-appstream'],
      ],
    );
  });

  it('reports each repoid and CPE once, sorted by CPE then repoid', async () => {
    const manifest = JSON.stringify({ content_sets: ['content-set-2', 'content-set-1', 'content-set-2'] });
    assert.deepEqual(
      await scanEntries([[MANIFEST, manifest]], { repo2cpe_mapping_file: mappingFile }),
      CONTENT_SETS_1_2,
    );
  });

  it('fails with an UpstreamError when the mapping cannot be had', async () => {
    feeds.set('/down.json', { body: 'down', status: 502 });
    const manifest = JSON.stringify({ content_sets: ['content-set-1'] });
    await assert.rejects(
      scanEntries([[MANIFEST, manifest]], { repo2cpe_mapping_url: `${feeds.url}/down.json` }),
      (err: Error) => err instanceof UpstreamError && /answered 502/.test(err.message),
    );
  });

  for (const [name, config, message] of [
    ['an unknown key', { repo2cpe_mapping_uri: 'x' }, 'repo2cpe_mapping_uri: unknown key'],
    [
      'a URL that is not http(s)',
      { repo2cpe_mapping_url: 'file:///etc/passwd' },
      'repo2cpe_mapping_url: "file:///etc/passwd" is not an absolute http(s) URL',
    ],
    [
      'a file name that is no text',
      { repo2cpe_mapping_file: 42 },
      'repo2cpe_mapping_file: want a file path, got 42',
    ],
    [
      'a timeout that is not a duration',
      { timeout: '10 seconds' },
      'timeout: want a duration such as "10s", got "10 seconds"',
    ],
  ] as const) {
    it(`fails a scan with a ConfigError naming the key for ${name}`, async () => {
      const manifest = JSON.stringify({ content_sets: ['content-set-1'] });
      await assert.rejects(
        scanEntries([[MANIFEST, manifest]], config),
        (err: Error) =>
          err instanceof ConfigError &&
          err.message.startsWith(`indexer.scanner.repo.rhel-repository-scanner.${message}`),
      );
    });
  }

  it("accepts claircore's deprecated disable_api and ignores it", async () => {
    for (const disable_api of [true, false]) {
      assert.doesNotThrow(() => checkRepositoryScannerConfig({ disable_api }));
      assert.deepEqual(
        await scanTar('layer-with-embedded-cs.tar', { repo2cpe_mapping_file: mappingFile, disable_api }),
        CONTENT_SETS_1_2,
      );
    }
  });

  it('takes an empty URL or file name as not given, as claircore does', async () => {
    const before = mappingGets();
    assert.deepEqual(
      await scanTar('layer-with-embedded-cs.tar', {
        repo2cpe_mapping_url: '',
        repo2cpe_mapping_file: mappingFile,
      }),
      CONTENT_SETS_1_2,
    );
    assert.equal(mappingGets(), before);
    assert.doesNotThrow(() => checkRepositoryScannerConfig({ repo2cpe_mapping_file: '' }));
  });

  it('checks its config at start-up, a mapping file named included', () => {
    assert.doesNotThrow(() => checkRepositoryScannerConfig({}));
    assert.doesNotThrow(() =>
      checkRepositoryScannerConfig({ repo2cpe_mapping_file: mappingFile, timeout: '30s' }),
    );
    assert.throws(() => checkRepositoryScannerConfig({ timeout: 10 }), ConfigError);
    assert.throws(
      () => checkRepositoryScannerConfig({ repo2cpe_mapping_file: join(dir, 'missing.json') }),
      (err: Error) =>
        err instanceof ConfigError &&
        err.message ===
          `indexer.scanner.repo.rhel-repository-scanner.repo2cpe_mapping_file: no file at ${join(dir, 'missing.json')}`,
    );
  });
});
