// Acceptance (issue 10): a corrupt jar, a truncated Go binary and a malformed METADATA file in one
// layer, beside a good one of each, indexed by the local stack. Each bad file is skipped with one
// log line naming it; the good ones are still reported, so the layer is indexed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Blob, layerFromDirectory } from '../../helpers/layers.ts';
import { indexManifest, type LocalStack, startLocalStack } from '../../helpers/local-stack.ts';

// A real Go binary from a Debian package (docker-registry, which .ci/run installs).
const GO_BINARY = '/usr/bin/docker-registry';
const SKIP = !existsSync(GO_BINARY)
  ? `${GO_BINARY} is missing: apt-get install docker-registry to run this test`
  : spawnSync('zip', ['-v'], { stdio: 'ignore' }).status !== 0
    ? 'zip is not installed: apt-get install zip to run this test'
    : false;

const SITE = 'usr/local/lib/python3.11/site-packages';
const GOOD = {
  jar: 'app/lib/good-lib-2.4.1.jar',
  binary: 'usr/local/bin/registry',
  metadata: `${SITE}/certifi-2024.2.2.dist-info/METADATA`,
};
const BAD = {
  jar: 'app/lib/corrupt-1.0.jar',
  binary: 'usr/local/bin/registry-truncated',
  metadata: `${SITE}/broken-1.0.dist-info/METADATA`,
};

describe('a layer with a corrupt jar, a truncated Go binary and a malformed METADATA', { skip: SKIP }, () => {
  let dir: string;
  let layer: Blob;
  let stack: LocalStack;

  const put = (path: string, bytes: Buffer | string, mode = 0o644): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
    chmodSync(join(dir, path), mode);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-broken-language-'));
    // A jar as Maven packages one: META-INF with its manifest and pom.properties, made by zip.
    const src = join(dir, '.jar-src');
    mkdirSync(join(src, 'META-INF/maven/org.example/good-lib'), { recursive: true });
    writeFileSync(join(src, 'META-INF/MANIFEST.MF'), 'Manifest-Version: 1.0\n');
    writeFileSync(
      join(src, 'META-INF/maven/org.example/good-lib/pom.properties'),
      'groupId=org.example\nartifactId=good-lib\nversion=2.4.1\n',
    );
    mkdirSync(dirname(join(dir, GOOD.jar)), { recursive: true });
    execFileSync('zip', ['-q', '-r', join(dir, GOOD.jar), 'META-INF'], { cwd: src });
    execFileSync('rm', ['-rf', src]);
    const jar = readFileSync(join(dir, GOOD.jar));
    // Cut before the central directory: no zip reader can find its members.
    put(BAD.jar, jar.subarray(0, Math.floor(jar.length / 2)));

    mkdirSync(dirname(join(dir, GOOD.binary)), { recursive: true });
    copyFileSync(GO_BINARY, join(dir, GOOD.binary));
    chmodSync(join(dir, GOOD.binary), 0o755);
    const binary = readFileSync(GO_BINARY);
    put(BAD.binary, binary.subarray(0, Math.floor(binary.length / 2)), 0o755);

    put(GOOD.metadata, 'Metadata-Version: 2.1\nName: certifi\nVersion: 2024.2.2\n\nMozilla CA bundle.\n');
    put(BAD.metadata, 'Metadata-Version: 2.1\nName: broken\n\nNo version header.\n');

    layer = layerFromDirectory(dir);
    stack = await startLocalStack([layer]);
  });
  after(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('skips each bad file with a log line naming it and reports the good ones', async () => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, [layer]);

    // Where each package was found: the package database names the file (python: its folder).
    const found = (packageDb: string) =>
      Object.entries(report.packages)
        .filter(([id]) => (report.environments[id] ?? []).some((e) => e.package_db === packageDb))
        .map(([, p]) => `${p.name} ${p.version}`)
        .sort();
    assert.deepEqual(found(`maven:${GOOD.jar}`), ['org.example:good-lib 2.4.1']);
    assert.deepEqual(found(`python:${SITE}`), ['certifi 2024.2.2']);
    // Debian builds docker-registry in GOPATH mode with Go 1.19.8 (its Built-Using field).
    assert.ok(found(`go:${GOOD.binary}`).includes('stdlib 1.19.8'), found(`go:${GOOD.binary}`).join(', '));
    for (const bad of [`maven:${BAD.jar}`, `jar:${BAD.jar}`, `file:${BAD.jar}`, `go:${BAD.binary}`])
      assert.deepEqual(found(bad), [], bad);

    const warned = stack.captured.entries
      .filter((e) => e.level === 'warn' && Object.values(BAD).includes(e.path as string))
      .map((e) => [e.msg, e.path]);
    assert.deepEqual(warned.sort(), [
      ['gobin executable skipped', BAD.binary],
      ['java archive skipped', BAD.jar],
      ['python metadata skipped', BAD.metadata],
    ]);
  });
});
