// Real data: the files Debian's python3 packages installed on this machine, as one layer, indexed
// by the local stack. With Debian's dpkg database the packages are Debian's (claircore skips
// usr/lib*/python[23] then); without it, the python scanner must read each distribution as
// Python's own importlib.metadata reads it from the same folder.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IndexReport } from '../../../lib/indexer/index-report.ts';
import { copyHostFiles, debianPackageFiles, installedDebianPackages } from '../../helpers/host-files.ts';
import { type Blob, layerFromDirectory } from '../../helpers/layers.ts';
import { indexManifest, type LocalStack, startLocalStack } from '../../helpers/local-stack.ts';

// Those installed are used (.ci/run installs them all); cryptography ships both a .dist-info and
// an .egg-info, the others one of the two.
const CANDIDATES = [
  'python3-packaging',
  'python3-urllib3',
  'python3-requests',
  'python3-idna',
  'python3-certifi',
  'python3-six',
  'python3-yaml',
  'python3-cryptography',
];
const DIST_PACKAGES = 'usr/lib/python3/dist-packages';
const BROKEN = `${DIST_PACKAGES}/broken-1.0.dist-info/METADATA`;

// Each distribution as Python reads it: the Name as packaging canonicalises it (PEP 503), the
// version in PEP 440 normal form without a local part, as claircore writes it.
const IMPORTLIB_PY = `
import importlib.metadata as m, json, sys
from packaging.utils import canonicalize_name
from packaging.version import Version
print(json.dumps(sorted({f"{canonicalize_name(d.metadata['Name'])} {Version(d.version).public}"
                         for d in m.distributions(path=[sys.argv[1]])})))
`;

const installed = installedDebianPackages(CANDIDATES);
const python = spawnSync('python3', ['-c', 'import importlib.metadata, packaging.version']);
const SKIP =
  installed.length === 0
    ? `none of ${CANDIDATES.join(', ')} is installed (or no dpkg-query): apt-get install them, as .ci/run does`
    : python.status !== 0
      ? 'python3 with packaging not found: apt-get install python3-packaging to run this test'
      : false;

/** What dpkg itself says of the packages: name, version, arch, source name, source version. */
function dpkgQuery(names: readonly string[]): string[] {
  const out = execFileSync(
    'dpkg-query',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format
    ['-W', '-f', '${Package} ${Version} ${Architecture} ${source:Package} ${source:Version}\n', ...names],
    { encoding: 'utf8' },
  );
  return out
    .split('\n')
    .filter((line) => line !== '')
    .sort();
}

/** The host's file lists of the packages (var/lib/dpkg/info/<name>[:<arch>].list), which make the status a database. */
function dpkgFileLists(names: readonly string[]): string[] {
  const info = '/var/lib/dpkg/info';
  return readdirSync(info)
    .filter((f) => names.some((n) => f === `${n}.list` || (f.startsWith(`${n}:`) && f.endsWith('.list'))))
    .map((f) => join(info, f));
}

/** The report's packages as "name version", once each, and the package databases they are in. */
function reported(report: IndexReport) {
  const packages = Object.values(report.packages).map((p) => `${p.name} ${p.version}`);
  const databases = Object.values(report.environments).flatMap((envs) => envs.map((e) => e.package_db));
  return { packages: [...new Set(packages)].sort(), databases: [...new Set(databases)].sort() };
}

describe("a layer of Debian's python3 packages", { skip: SKIP }, () => {
  let dir: string;
  let withDpkg: Blob;
  let withoutDpkg: Blob;
  let importlib: string[];
  let stack: LocalStack;

  const index = (layer: Blob): Promise<IndexReport> =>
    indexManifest(stack.runtime.apiUrl, stack.layers, [layer]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-debian-python-'));
    const files = installed.flatMap(debianPackageFiles).filter((p) => p.startsWith(`/${DIST_PACKAGES}/`));
    copyHostFiles(dir, files);
    importlib = JSON.parse(
      execFileSync('python3', ['-c', IMPORTLIB_PY, join(dir, DIST_PACKAGES)], { encoding: 'utf8' }),
    ) as string[];

    const status = join(dir, 'var/lib/dpkg/status');
    mkdirSync(join(dir, 'var/lib/dpkg'), { recursive: true });
    writeFileSync(status, execFileSync('dpkg-query', ['-s', ...installed], { encoding: 'utf8' }));
    copyHostFiles(dir, dpkgFileLists(installed));
    withDpkg = layerFromDirectory(dir);
    rmSync(join(dir, 'var'), { recursive: true });
    // A wheel's metadata cut short: no Version header.
    mkdirSync(join(dir, BROKEN, '..'), { recursive: true });
    writeFileSync(join(dir, BROKEN), 'Metadata-Version: 2.1\nName: broken\nSummary: cut short\n');
    withoutDpkg = layerFromDirectory(dir);

    stack = await startLocalStack([withDpkg, withoutDpkg]);
  });
  after(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('with the dpkg status, lists the Debian packages as dpkg-query does and no python distribution', async () => {
    const report = await index(withDpkg);
    const ours = Object.values(report.packages)
      .map((p) => `${p.name} ${p.version} ${p.arch} ${p.source?.name} ${p.source?.version}`)
      .sort();
    assert.deepEqual(ours, dpkgQuery(installed));
    assert.deepEqual(reported(report).databases, ['var/lib/dpkg/status']);
  });

  it("without it, lists each distribution at its metadata's version, as importlib.metadata reads it, and skips the broken one", async () => {
    assert.ok(importlib.length >= installed.length, `importlib found ${importlib.join(', ')}`);
    const report = await index(withoutDpkg);
    assert.deepEqual(reported(report), {
      packages: importlib,
      databases: [`python:${DIST_PACKAGES}`],
    });
    const skips = stack.captured.entries
      .filter((e) => e.msg === 'python metadata skipped')
      .map((e) => [e.path, e.reason]);
    assert.deepEqual(skips, [[BROKEN, 'no Name or Version header']]);
  });
});
