// Real data: the files of Debian's jackson jars installed on this machine (libjackson2-databind-java
// and what it depends on), as one layer with a truncated copy of one of them, indexed by the local
// stack. Each jar must be reported as the pom.properties unzip extracts from it says.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyHostFiles, debianPackageFiles, installedDebianPackages } from '../../helpers/host-files.ts';
import { type Blob, layerFromDirectory } from '../../helpers/layers.ts';
import { indexManifest, type LocalStack, startLocalStack } from '../../helpers/local-stack.ts';

const CANDIDATES = ['libjackson2-databind-java', 'libjackson2-core-java', 'libjackson2-annotations-java'];
const BROKEN = 'usr/share/java/broken-jackson-1.0.jar';

const installed = installedDebianPackages(CANDIDATES);
const SKIP =
  installed.length === 0
    ? `none of ${CANDIDATES.join(', ')} is installed (or no dpkg-query): apt-get install them, as .ci/run does`
    : spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0
      ? 'unzip is not installed: apt-get install unzip to run this test'
      : false;

/** "group:artifact version package_db" for every pom.properties of each jar, as unzip extracts them. */
function unzipped(jars: readonly string[]): string[] {
  return jars.flatMap((jar) =>
    execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8' })
      .split('\n')
      .filter((member) => member.endsWith('/pom.properties'))
      .map((member) => {
        const text = execFileSync('unzip', ['-p', jar, member], { encoding: 'utf8' });
        const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim();
        return `${value('groupId')}:${value('artifactId')} ${value('version')} maven:${jar.slice(1)}`;
      }),
  );
}

describe("a layer of Debian's jackson jars", { skip: SKIP }, () => {
  let dir: string;
  let layer: Blob;
  let jars: string[];
  let stack: LocalStack;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-debian-java-'));
    const files = installed.flatMap(debianPackageFiles).filter((p) => p.startsWith('/usr/share/'));
    copyHostFiles(dir, files);
    // The versioned names are symlinks to these; the scanner reads regular files only, as claircore.
    jars = files.filter((p) => p.endsWith('.jar') && !lstatSync(p).isSymbolicLink()).sort();
    const first = readFileSync(jars[0] as string);
    writeFileSync(join(dir, BROKEN), first.subarray(0, first.length / 2));
    layer = layerFromDirectory(dir);
    stack = await startLocalStack([layer]);
  });
  after(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports each jar as its pom.properties says, in the maven repository, and skips the truncated one', async () => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, [layer]);

    assert.ok(jars.length >= 1, `jars: ${jars.join(', ')}`);
    const ours = Object.entries(report.packages).flatMap(([id, p]) =>
      (report.environments[id] ?? []).map((e) => `${p.name} ${p.version} ${e.package_db}`),
    );
    assert.deepEqual(ours.sort(), unzipped(jars).sort());
    assert.deepEqual(
      Object.values(report.repository).map((r) => [r.name, r.uri]),
      [['maven', 'https://repo1.maven.apache.org/maven2']],
    );
    const skips = stack.captured.entries.filter((e) => e.msg === 'java archive skipped').map((e) => e.path);
    assert.deepEqual(skips, [BROKEN]);
  });
});
