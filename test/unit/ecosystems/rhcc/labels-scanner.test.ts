import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import {
  rhccLabelsRepositoryScanner,
  rhccLabelsScanner,
} from '../../../../lib/ecosystems/rhcc/labels-scanner.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { gnuTar, type Tree } from '../../indexer/tar-build.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'rhcc');
const scanners = [rhccLabelsScanner, rhccLabelsRepositoryScanner];
const layers = tarLayers(scanners);
/** The layer holding the tree, as the scanners see it after the walk; disposed after each test. */
const layerOfTree = (tree: Tree) => layers.of(gnuTar(tree));
const fixture = (name: string) => readFileSync(join(TESTDATA, name), 'utf8');

// claircore's detector test: 2025-04-14T02:14:26Z is 1744596866, one rhctag stream of its own.
function imagePackages(packageDb: string) {
  const normalizedVersion = { kind: 'rhctag', v: [1744596866, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
  const common = {
    name: 'openshift-gitops-1/gitops-rhel8-operator',
    version: '1744596866',
    arch: 'x86_64',
    module: '',
    normalizedVersion,
    packageDb,
    repositoryHint: 'rhcc',
    filepath: '',
  };
  const source = { name: common.name, version: common.version, arch: 'x86_64', normalizedVersion };
  return [
    { ...common, kind: 'source', source: undefined },
    { ...common, kind: 'binary', source },
    { ...common, kind: 'ancestry', source },
  ];
}

const GITOPS_REPOSITORY = {
  name: 'cpe:2.3:a:redhat:openshift_gitops:1.16:*:el8:*:*:*:*:*',
  key: 'rhcc-container-repository',
  uri: '',
  cpe: 'cpe:2.3:a:redhat:openshift_gitops:1.16:*:el8:*:*:*:*:*',
};

describe('rhcc labels.json scanners', () => {
  afterEach(() => layers.disposeAll());

  it("are claircore's rhel_package_container_detector 2 and rhel_repo_container_detector 1", () => {
    assert.deepEqual(
      scanners.map((s) => [s.name, s.version, s.kind]),
      [
        ['rhel_package_container_detector', '2', 'package'],
        ['rhel_repo_container_detector', '1', 'repository'],
      ],
    );
  });

  for (const [file, path] of [
    ['simple_labels.json', 'root/buildinfo/labels.json'],
    ['quoted_labels.json', 'root/buildinfo/labels.json'],
    ['simple_labels.json', 'usr/share/buildinfo/labels.json'],
  ] as const) {
    it(`reports the image and its CPE repository from ${file} at ${path}`, async () => {
      const files = layerOfTree({ [path]: fixture(file) });
      assert.deepEqual(await rhccLabelsScanner.scan(files), imagePackages(path));
      assert.deepEqual(await rhccLabelsRepositoryScanner.scan(files), [GITOPS_REPOSITORY]);
    });
  }

  it('prefers root/buildinfo to usr/share/buildinfo', async () => {
    const other = JSON.stringify({ ...JSON.parse(fixture('simple_labels.json')), name: 'other' });
    const files = layerOfTree({
      'root/buildinfo/labels.json': fixture('simple_labels.json'),
      'usr/share/buildinfo/labels.json': other,
    });
    assert.deepEqual(await rhccLabelsScanner.scan(files), imagePackages('root/buildinfo/labels.json'));
  });

  it('reports packages but no repository without a cpe label', async () => {
    const labels = JSON.parse(fixture('simple_labels.json'));
    delete labels.cpe;
    const files = layerOfTree({ 'root/buildinfo/labels.json': JSON.stringify(labels) });
    assert.equal((await rhccLabelsScanner.scan(files)).length, 3);
    assert.deepEqual(await rhccLabelsRepositoryScanner.scan(files), []);
  });

  for (const missing of ['name', 'architecture', 'org.opencontainers.image.created']) {
    it(`reports nothing without ${missing}`, async () => {
      const labels = JSON.parse(fixture('simple_labels.json'));
      delete labels[missing];
      const files = layerOfTree({ 'root/buildinfo/labels.json': JSON.stringify(labels) });
      assert.deepEqual(await rhccLabelsScanner.scan(files), []);
    });
  }

  it('reports nothing for a layer without labels.json', async () => {
    const files = layerOfTree({ 'root/buildinfo/other.json': fixture('simple_labels.json') });
    assert.deepEqual(await rhccLabelsScanner.scan(files), []);
    assert.deepEqual(await rhccLabelsRepositoryScanner.scan(files), []);
  });

  for (const [what, text] of [
    ['not JSON', '{"name": '],
    [
      'a creation time not RFC 3339',
      '{"name":"a","architecture":"b","org.opencontainers.image.created":"yesterday"}',
    ],
    ['a label not a string', '{"name":["a"],"architecture":"b"}'],
  ] as const) {
    it(`fails on labels.json with ${what}, naming the file`, async () => {
      const files = layerOfTree({ 'root/buildinfo/labels.json': text });
      await assert.rejects(rhccLabelsScanner.scan(files), (err: Error) => {
        assert.ok(err instanceof InvalidInputError);
        assert.match(err.message, /^root\/buildinfo\/labels\.json: /);
        return true;
      });
    });
  }
});
