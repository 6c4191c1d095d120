import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rhelCoalescer } from '../../../../lib/ecosystems/rhel/coalescer.ts';
import { rhelRelease } from '../../../../lib/ecosystems/rhel/distribution-scanner.ts';
import type {
  Coalesced,
  LayerArtifacts,
  StoredDistribution,
  StoredPackage,
  StoredRepository,
} from '../../../../lib/indexer/types.ts';

const RPMDB = 'sqlite:var/lib/rpm';

const pkg = (id: string, name: string, over: Partial<StoredPackage> = {}): StoredPackage => ({
  id,
  name,
  version: '1.0-1.el9',
  arch: 'x86_64',
  module: '',
  source: undefined,
  sourceId: undefined,
  packageDb: RPMDB,
  repositoryHint: '',
  filepath: '',
  scanner: 'rhel-package-scanner',
  ...over,
});
const dist = (id: string, major: string): StoredDistribution => ({
  id,
  ...(rhelRelease(major) as Omit<StoredDistribution, 'id'>),
});
const product = (
  id: string,
  repoid: string,
  cpe = `cpe:2.3:o:redhat:enterprise_linux:9:*:${repoid}:*:*:*:*:*`,
): StoredRepository => ({
  id,
  name: cpe,
  key: 'rhel-cpe-repository',
  uri: `repoid=${repoid}`,
  cpe,
});
const other: StoredRepository = { id: 'r-other', name: 'other', key: 'other-key', uri: '', cpe: '' };
const layer = (n: number, over: Partial<LayerArtifacts> = {}): LayerArtifacts => ({
  layer: `sha256:${String(n).repeat(64)}`,
  packages: [],
  distributions: [],
  repositories: [],
  files: [],
  ...over,
});
const L = (n: number) => `sha256:${String(n).repeat(64)}`;

/** Each kept package's environments as `[introducedIn layer number, distribution id, repository ids]`. */
const envs = (c: Coalesced) =>
  Object.fromEntries(
    [...c.packages].map(([id, { environments }]) => [
      id,
      environments.map((e) => [Number(e.introducedIn.slice(-1)), e.distributionId, e.repositoryIds]),
    ]),
  );

const baseos = product('r-baseos', 'baseos');
const appstream = product('r-appstream', 'appstream');
const rhel8 = dist('d8', '8');
const rhel9 = dist('d9', '9');

describe('rhel coalescer', () => {
  it('ties packages to no repository and the image distribution when no layer names a product', () => {
    const got = rhelCoalescer([
      layer(1, { packages: [pkg('p1', 'bash')] }),
      layer(2, { distributions: [rhel9], packages: [pkg('p1', 'bash'), pkg('p2', 'less')] }),
    ]);
    assert.deepEqual(envs(got), { p1: [[1, 'd9', []]], p2: [[2, 'd9', []]] });
    assert.deepEqual([...got.repositories.keys()], []);
    assert.deepEqual([...got.distributions.keys()], ['d9']);
  });

  it('gives a user layer without products the products of the RHEL layers below', () => {
    const got = rhelCoalescer([
      layer(1, { distributions: [rhel9], repositories: [baseos, appstream], packages: [pkg('p1', 'bash')] }),
      layer(2, { packages: [pkg('p1', 'bash'), pkg('p2', 'httpd')] }),
    ]);
    assert.deepEqual(envs(got), {
      p1: [[1, 'd9', ['r-baseos', 'r-appstream']]],
      p2: [[2, 'd9', ['r-baseos', 'r-appstream']]],
    });
    assert.deepEqual([...got.repositories.keys()].sort(), ['r-appstream', 'r-baseos']);
  });

  it('gives the first layers the products of the nearest higher layer that names some', () => {
    const got = rhelCoalescer([
      layer(1, { packages: [pkg('p1', 'bash')] }),
      layer(2, { repositories: [baseos], packages: [pkg('p1', 'bash'), pkg('p2', 'less')] }),
      layer(3, {
        repositories: [appstream],
        packages: [pkg('p1', 'bash'), pkg('p2', 'less'), pkg('p3', 'httpd')],
      }),
    ]);
    assert.deepEqual(envs(got), {
      p1: [[1, '', ['r-baseos']]],
      p2: [[2, '', ['r-baseos']]],
      p3: [[3, '', ['r-appstream']]],
    });
  });

  it('counts only Red Hat products: a layer with other repositories still takes them', () => {
    const got = rhelCoalescer([
      layer(1, { repositories: [baseos], packages: [pkg('p1', 'bash')] }),
      layer(2, { repositories: [other], packages: [pkg('p1', 'bash'), pkg('p2', 'less')] }),
    ]);
    assert.deepEqual(envs(got).p2, [[2, '', ['r-other', 'r-baseos']]]);
    assert.deepEqual([...got.repositories.keys()].sort(), ['r-baseos', 'r-other']);
  });

  it("ties a package with a DNF repoid to its layer's products of that repoid only", () => {
    const got = rhelCoalescer([
      layer(1, {
        repositories: [
          baseos,
          appstream,
          product('r-baseos-eus', 'baseos', 'cpe:2.3:o:redhat:rhel_eus:9.4:*:baseos:*:*:*:*:*'),
        ],
        packages: [
          pkg('p1', 'bash', { repositoryHint: 'repoid=baseos' }),
          pkg('p2', 'httpd', { repositoryHint: 'hash=sha256%3Aab&repoid=appstream' }),
          pkg('p3', 'custom', { repositoryHint: 'repoid=epel' }),
          pkg('p4', 'less', { repositoryHint: 'key=199e2f91fd431d51' }),
        ],
      }),
    ]);
    assert.deepEqual(envs(got), {
      p1: [[1, '', ['r-baseos', 'r-baseos-eus']]],
      p2: [[1, '', ['r-appstream']]],
      p3: [[1, '', []]],
      p4: [[1, '', ['r-baseos', 'r-appstream', 'r-baseos-eus']]],
    });
  });

  it('gives each package the distribution current at the layer introducing it', () => {
    const got = rhelCoalescer([
      layer(1, { packages: [pkg('p1', 'a')] }),
      layer(2, { distributions: [rhel8, rhel9], packages: [pkg('p1', 'a'), pkg('p2', 'b')] }),
      layer(3, { packages: [pkg('p1', 'a'), pkg('p2', 'b'), pkg('p3', 'c')] }),
      layer(4, {
        distributions: [rhel9],
        packages: [pkg('p1', 'a'), pkg('p2', 'b'), pkg('p3', 'c'), pkg('p4', 'd')],
      }),
    ]);
    assert.deepEqual(envs(got), {
      p1: [[1, 'd8', []]],
      p2: [[2, 'd8', []]],
      p3: [[3, 'd8', []]],
      p4: [[4, 'd9', []]],
    });
    // Only each layer's first distribution counts.
    assert.deepEqual([...got.distributions.keys()].sort(), ['d8', 'd9']);
    const only8 = rhelCoalescer([layer(1, { distributions: [rhel8, rhel9], packages: [pkg('p1', 'a')] })]);
    assert.deepEqual([...only8.distributions.keys()], ['d8']);
  });

  it('keeps a package the top layer with packages still holds, introduced where it first appeared', () => {
    const got = rhelCoalescer([
      layer(1, { packages: [pkg('p1', 'bash'), pkg('old', 'openssl'), pkg('gone', 'vim')] }),
      layer(2, { packages: [pkg('p1', 'bash'), pkg('new', 'openssl', { version: '2.0-1.el9' })] }),
      layer(3, { files: [{ path: 'etc/.wh.motd', kind: 'whiteout' }] }),
    ]);
    assert.deepEqual(envs(got), { p1: [[1, '', []]], new: [[2, '', []]] });
  });

  it('keeps every package of the top package layer, and of a lower one when none is above', () => {
    const got = rhelCoalescer([layer(1, { packages: [pkg('p1', 'bash')] }), layer(2)]);
    assert.deepEqual(envs(got), { p1: [[1, '', []]] });
  });

  it('drops the packages of another database when the top package layer lacks them (claircore quirk)', () => {
    const got = rhelCoalescer([
      layer(1, { packages: [pkg('p1', 'bash'), pkg('p2', 'old-tool', { packageDb: 'bdb:opt/app/rpm' })] }),
      layer(2, { packages: [pkg('p1', 'bash')] }),
    ]);
    assert.deepEqual(envs(got), { p1: [[1, '', []]] });
    // The same when the top layer's packages are all of another database.
    const other = rhelCoalescer([
      layer(1, { packages: [pkg('p1', 'bash')] }),
      layer(2, { packages: [pkg('p9', 'tool', { packageDb: 'bdb:opt/app/rpm' })] }),
    ]);
    assert.deepEqual(envs(other), { p9: [[2, '', []]] });
  });

  it('keeps a package found in two databases once, from the first (claircore quirk)', () => {
    const got = rhelCoalescer([
      layer(1, {
        packages: [pkg('p1', 'bash'), pkg('p1', 'bash', { packageDb: 'bdb:opt/app/rpm' })],
      }),
    ]);
    assert.equal(got.packages.get('p1')?.pkg.packageDb, RPMDB);
    assert.deepEqual(envs(got), { p1: [[1, '', []]] });
  });

  it('names each layer by its digest in the environments', () => {
    const got = rhelCoalescer([layer(1, { packages: [pkg('p1', 'bash')] })]);
    assert.equal(got.packages.get('p1')?.environments[0]?.introducedIn, L(1));
    assert.equal(got.packages.get('p1')?.environments[0]?.packageDb, RPMDB);
  });
});
