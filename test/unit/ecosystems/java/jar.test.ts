import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_JAR_LIMITS,
  type JarLimits,
  jarMembers,
  NotAJarError,
  readJar,
} from '../../../../lib/ecosystems/java/jar.ts';
import {
  ArchiveLimitError,
  openZipBuffer,
  openZipFile,
} from '../../../../lib/ecosystems/java/zip-archive.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';
import { captureLog } from '../../../helpers/log.ts';
import { random as seeded } from '../../../helpers/prng.ts';
import {
  NO_ZIP,
  type RawMember,
  rawZip,
  withBadDirectoryOffset,
  withDeclaredSize,
  zipTree,
} from './zip-build.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const NO_UNZIP =
  spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0 ? false : 'unzip is not installed';
const MANIFEST = readFileSync(join(TESTDATA, 'manifest', 'HdrHistogram-2.1.9.jar'));
const POM = readFileSync(join(TESTDATA, 'properties', 'HdrHistogram-2.1.9.jar'));
const sha1 = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');

async function jarOf(bytes: Buffer, path: string, limits: JarLimits = DEFAULT_JAR_LIMITS) {
  const { log, entries } = captureLog();
  const zip = await openZipBuffer(bytes, jarMembers(limits));
  try {
    return { artifacts: await readJar(zip, path, sha1(bytes), { log, limits }), entries };
  } finally {
    zip.close();
  }
}

/** The artifacts as name, version, source and archive. */
const found = (artifacts: Awaited<ReturnType<typeof jarOf>>['artifacts']) =>
  artifacts.map((a) => [a.name, a.version, a.source, a.archive]);

describe('java jar', () => {
  it("finds the three archives nested in claircore's inner.jar by their names, each with its own SHA-1", {
    skip: NO_UNZIP,
  }, async () => {
    const path = join(TESTDATA, 'inner', 'inner.jar');
    const zip = await openZipFile(path, jarMembers());
    const artifacts = await readJar(zip, 'app/inner.jar', 'outer').finally(() => zip.close());
    const lib = 'app/inner.jar:BOOT-INF/lib';
    assert.deepEqual(found(artifacts), [
      ['jackson-annotations', '2.13.0', 'file', `${lib}/jackson-annotations-2.13.0.jar`],
      ['log4j-api', '2.14', 'file', `${lib}/log4j-api-2.14.jar`],
      ['log4j', '2.14.0', 'file', `${lib}/log4j-api-2.14.jar:META-INF/inner-jar/log4j-2.14.0.jar`],
    ]);
    // The SHA-1s of the members as unzip extracts them.
    const dir = mkdtempSync(join(tmpdir(), 'clairless-inner-'));
    try {
      const unzip = (zipPath: string, member: string) => execFileSync('unzip', ['-p', zipPath, member]);
      const annotations = unzip(path, 'BOOT-INF/lib/jackson-annotations-2.13.0.jar');
      const api = unzip(path, 'BOOT-INF/lib/log4j-api-2.14.jar');
      writeFileSync(join(dir, 'api.jar'), api);
      const log4j = unzip(join(dir, 'api.jar'), 'META-INF/inner-jar/log4j-2.14.0.jar');
      assert.deepEqual(
        artifacts.map((a) => a.sha1),
        [sha1(annotations), sha1(api), sha1(log4j)],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefers pom.properties, one artifact per pom.properties in a fat jar', { skip: NO_ZIP }, async () => {
    const jar = zipTree({
      'META-INF/MANIFEST.MF': MANIFEST,
      'META-INF/maven/org.hdrhistogram/HdrHistogram/pom.properties': POM,
      'META-INF/maven/org.example/shaded/pom.properties':
        'groupId=org.example\nartifactId=shaded\nversion=0.1\n',
    });
    const { artifacts } = await jarOf(jar, 'opt/app/HdrHistogram-2.1.9.jar');
    assert.deepEqual(found(artifacts).sort(), [
      ['org.example:shaded', '0.1', 'maven', 'opt/app/HdrHistogram-2.1.9.jar'],
      ['org.hdrhistogram:HdrHistogram', '2.1.9', 'maven', 'opt/app/HdrHistogram-2.1.9.jar'],
    ]);
    assert.deepEqual(
      artifacts.map((a) => a.sha1),
      [sha1(jar), sha1(jar)],
    );
  });

  it('falls back to the manifest when a pom.properties lacks a version', { skip: NO_ZIP }, async () => {
    const jar = zipTree({
      'META-INF/MANIFEST.MF': MANIFEST,
      'META-INF/maven/org.hdrhistogram/HdrHistogram/pom.properties':
        'groupId=org.hdrhistogram\nartifactId=HdrHistogram\n',
    });
    const { artifacts } = await jarOf(jar, 'HdrHistogram-2.1.9.jar');
    assert.deepEqual(found(artifacts), [
      ['org.hdrhistogram.HdrHistogram:HdrHistogram', '2.1.9', 'jar', 'HdrHistogram-2.1.9.jar'],
    ]);
  });

  it('falls back to the file name when the manifest is not sane, and finds nothing without one', {
    skip: NO_ZIP,
  }, async () => {
    const jar = zipTree({
      'META-INF/MANIFEST.MF': readFileSync(join(TESTDATA, 'malformed-manifests', 'bad-header')),
    });
    assert.deepEqual(found((await jarOf(jar, 'lib/foo-bar-1.2.3-SNAPSHOT.jar')).artifacts), [
      ['foo-bar', '1.2.3-SNAPSHOT', 'file', 'lib/foo-bar-1.2.3-SNAPSHOT.jar'],
    ]);
    assert.deepEqual((await jarOf(jar, 'lib/app.jar')).artifacts, []);
  });

  it('rejects a zip without META-INF or without a manifest as not a jar, but for javax archives', {
    skip: NO_ZIP,
  }, async () => {
    const bare = zipTree({ 'org/example/Main.class': 'not really a class' });
    await assert.rejects(jarOf(bare, 'lib/example-1.0.jar'), NotAJarError);
    const noManifest = zipTree({ 'META-INF/LICENSE': 'license text' });
    await assert.rejects(jarOf(noManifest, 'lib/example-1.0.jar'), NotAJarError);
    assert.deepEqual(found((await jarOf(bare, 'lib/javax.inject-1.jar')).artifacts), [
      ['javax.inject', '1', 'file', 'lib/javax.inject-1.jar'],
    ]);
  });

  it("rejects claircore's malformed zip, whose central directory offset is off by 7", {
    skip: NO_ZIP,
  }, async () => {
    const jar = withBadDirectoryOffset(
      zipTree({ 'META-INF/MANIFEST.MF': readFileSync(join(TESTDATA, 'malformed_zip.MF')) }),
    );
    await assert.rejects(jarOf(jar, 'malformed_zip.jar'), InvalidInputError);
  });

  describe('nested archives', () => {
    const inner = (): Buffer =>
      zipTree({
        'META-INF/maven/org.hdrhistogram/HdrHistogram/pom.properties': POM,
        'META-INF/MANIFEST.MF': MANIFEST,
      });
    const outerPom = 'groupId=org.example\nartifactId=app\nversion=1.0\n';
    const warnings = (entries: Record<string, unknown>[]) =>
      entries.filter((e) => e.level === 'warn').map((e) => [e.msg, e.archive]);

    it('reads a jar inside a war inside an ear, naming the chain of archives', { skip: NO_ZIP }, async () => {
      const jar = inner();
      const war = zipTree({
        'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\n',
        'WEB-INF/lib/hdr.jar': jar,
      });
      const ear = zipTree({ 'META-INF/maven/org.example/app/pom.properties': outerPom, 'web.war': war });
      const { artifacts } = await jarOf(ear, 'srv/app.ear');
      assert.deepEqual(found(artifacts), [
        ['org.example:app', '1.0', 'maven', 'srv/app.ear'],
        ['org.hdrhistogram:HdrHistogram', '2.1.9', 'maven', 'srv/app.ear:web.war:WEB-INF/lib/hdr.jar'],
      ]);
      assert.deepEqual(
        artifacts.map((a) => a.sha1),
        [sha1(ear), sha1(jar)],
      );
    });

    it('passes over a nested archive past the size budget with a warning', { skip: NO_ZIP }, async () => {
      const jar = inner();
      const app = zipTree({ 'META-INF/maven/org.example/app/pom.properties': outerPom, 'lib/hdr.jar': jar });
      const { artifacts, entries } = await jarOf(app, 'app.jar', {
        ...DEFAULT_JAR_LIMITS,
        maxNestedBytes: jar.length - 1,
      });
      assert.deepEqual(found(artifacts), [['org.example:app', '1.0', 'maven', 'app.jar']]);
      assert.deepEqual(warnings(entries), [['java nested archive skipped', 'app.jar:lib/hdr.jar']]);
    });

    it('passes over a nested archive that inflates past its declared size (a zip bomb)', {
      skip: NO_ZIP,
    }, async () => {
      const app = zipTree({
        'META-INF/maven/org.example/app/pom.properties': outerPom,
        'lib/hdr.jar': inner(),
      });
      const { artifacts, entries } = await jarOf(withDeclaredSize(app, 'lib/hdr.jar', 100), 'app.jar');
      assert.deepEqual(found(artifacts), [['org.example:app', '1.0', 'maven', 'app.jar']]);
      assert.deepEqual(warnings(entries), [['java nested archive skipped', 'app.jar:lib/hdr.jar']]);
    });

    it('stops at the depth limit with a warning', { skip: NO_ZIP }, async () => {
      const app = zipTree({
        'META-INF/maven/org.example/app/pom.properties': outerPom,
        'a.jar': zipTree({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\n', 'b.jar': inner() }),
      });
      const { artifacts, entries } = await jarOf(app, 'app.jar', { ...DEFAULT_JAR_LIMITS, maxDepth: 1 });
      assert.deepEqual(found(artifacts), [['org.example:app', '1.0', 'maven', 'app.jar']]);
      assert.deepEqual(warnings(entries), [['java nested archive skipped', 'app.jar:a.jar:b.jar']]);
    });

    it('passes over a member named like an archive that is not a zip, without a warning', {
      skip: NO_ZIP,
    }, async () => {
      const app = zipTree({
        'META-INF/maven/org.example/app/pom.properties': outerPom,
        'test-resources/fake-1.0.jar': 'this text only looks like a jar by its name',
      });
      const { artifacts, entries } = await jarOf(app, 'app.jar');
      assert.deepEqual(found(artifacts), [['org.example:app', '1.0', 'maven', 'app.jar']]);
      assert.deepEqual(warnings(entries), []);
    });
  });

  describe('hostile archives', () => {
    const MANIFEST_ONLY: RawMember = {
      name: 'META-INF/MANIFEST.MF',
      data: Buffer.from('Manifest-Version: 1.0\r\n\r\n'),
    };
    const pom = (artifact: string): RawMember => ({
      name: `META-INF/maven/org.example/${artifact}/pom.properties`,
      data: Buffer.from(`groupId=org.example\nartifactId=${artifact}\nversion=1.0\n`),
    });
    /** A jar its one pom.properties names, holding the archives given. */
    const pomJar = (artifact: string, nested: Record<string, Buffer> = {}): Buffer =>
      rawZip([pom(artifact), ...Object.entries(nested).map(([name, data]) => ({ name, data }))]);
    const logged = (entries: Record<string, unknown>[]) =>
      entries.filter((e) => e.level === 'warn').map((e) => [e.msg, e.path ?? e.archive, e.reason]);

    it('keeps of a directory only what it reads: the first entry under META-INF, one manifest, pom.properties, archives', async () => {
      const data = Buffer.from('Manifest-Version: 1.0\r\n');
      const names = [
        'org/example/Main.class',
        'META-INF/LICENSE',
        'META-INF/services/x',
        'META-INF/MANIFEST.MF',
        'META-INF/MANIFEST.MF',
        'META-INF/maven/g/a/pom.properties',
        'lib/a.jar',
      ];
      const members = [
        ...names.map((name) => ({ name, data })),
        { name: 'lib/empty.jar', data: Buffer.alloc(21) },
      ];
      const zip = await openZipBuffer(rawZip(members), jarMembers());
      assert.deepEqual(
        zip.members.map((m) => m.name),
        ['META-INF/LICENSE', 'META-INF/MANIFEST.MF', 'META-INF/maven/g/a/pom.properties', 'lib/a.jar'],
      );
      zip.close();
    });

    it('rejects central entries that share one local header, before opening any of them (fan-out)', async () => {
      // Each level lists its one nested jar ten times: 1,000 archives from one 3 KB file.
      let jar = pomJar('leaf');
      for (let level = 0; level < 3; level++) {
        const aliases = Array.from({ length: 9 }, (_, i) => `l${level}_${i + 1}.jar`);
        jar = rawZip([MANIFEST_ONLY, { name: `l${level}_0.jar`, data: jar }], aliases);
      }
      await assert.rejects(
        jarOf(jar, 'opt/app.jar'),
        (err: unknown) => err instanceof ArchiveLimitError && /share one local header/.test(err.message),
      );
    });

    it('passes over a nested archive listing 200,000 pom.properties at one header, with a warning', async () => {
      const aliases = Array.from({ length: 200_000 }, (_, i) => `META-INF/maven/g/a${i}/pom.properties`);
      const app = pomJar('app', { 'lib/inner.jar': rawZip([pom('inner')], aliases) });
      const { artifacts, entries } = await jarOf(app, 'app.jar');
      assert.deepEqual(found(artifacts), [['org.example:app', '1.0', 'maven', 'app.jar']]);
      assert.deepEqual(logged(entries), [
        [
          'java nested archive skipped',
          'app.jar:lib/inner.jar',
          'zip members "META-INF/maven/org.example/inner/pom.properties" and "META-INF/maven/g/a0/pom.properties" share one local header',
        ],
      ]);
    });

    // app.jar holds a.jar (holding c.jar) and b.jar, each named by a pom.properties.
    const tree = () =>
      pomJar('app', { 'a.jar': pomJar('a', { 'c.jar': pomJar('c') }), 'b.jar': pomJar('b') });
    const cutShort = (reason: string) => [['java archive cut short', 'app.jar', reason]];

    it('cuts the walk short past the nested archives budget, keeping what it found', async () => {
      const { artifacts, entries } = await jarOf(tree(), 'app.jar', {
        ...DEFAULT_JAR_LIMITS,
        maxNestedArchives: 2,
      });
      assert.deepEqual(
        artifacts.map((a) => a.name),
        ['org.example:app', 'org.example:a', 'org.example:c'],
      );
      assert.deepEqual(logged(entries), cutShort('more than 2 nested archives'));
    });

    it('cuts the walk short past the artifacts budget', async () => {
      const { artifacts, entries } = await jarOf(tree(), 'app.jar', {
        ...DEFAULT_JAR_LIMITS,
        maxArtifacts: 2,
      });
      assert.deepEqual(
        artifacts.map((a) => a.name),
        ['org.example:app', 'org.example:a'],
      );
      assert.deepEqual(logged(entries), cutShort('more than 2 artifacts'));
    });

    it('cuts the walk short past the inflated bytes budget, counting metadata and nested archives', async () => {
      const app = tree();
      const { artifacts, entries } = await jarOf(app, 'app.jar', {
        ...DEFAULT_JAR_LIMITS,
        maxInflatedBytes: 100,
      });
      assert.deepEqual(
        artifacts.map((a) => a.name),
        ['org.example:app'],
      );
      assert.deepEqual(logged(entries), cutShort('more than 100 bytes inflated'));
    });

    it('stops reading pom.properties that inflate to 1 MiB each at the inflated bytes budget', async () => {
      const spaces = Buffer.alloc(2 ** 20, ' ');
      const poms = Array.from({ length: 5 }, (_, i) => ({
        name: `META-INF/maven/g/a${i}/pom.properties`,
        data: spaces,
        deflate: true,
      }));
      const jar = rawZip([MANIFEST_ONLY, ...poms]);
      assert.ok(jar.length < 2 ** 14, 'a small file');
      const { artifacts, entries } = await jarOf(jar, 'app.jar', {
        ...DEFAULT_JAR_LIMITS,
        maxInflatedBytes: 3 * 2 ** 20,
      });
      assert.deepEqual(
        [artifacts, logged(entries)],
        [[], cutShort(`more than ${3 * 2 ** 20} bytes inflated`)],
      );
    });

    it('rejects a pom.properties or manifest over 1 MiB, and more pom.properties than allowed', async () => {
      const big = Buffer.alloc(2 ** 20 + 1, ' ');
      for (const name of ['META-INF/maven/g/a/pom.properties', 'META-INF/MANIFEST.MF']) {
        await assert.rejects(
          jarOf(rawZip([{ name, data: big, deflate: true }]), 'app.jar'),
          (err: unknown) =>
            err instanceof InvalidInputError && /declares 1048577 bytes, more than 1048576/.test(err.message),
          name,
        );
      }
      const three = rawZip([pom('a'), pom('b'), pom('c')]);
      await assert.rejects(
        jarOf(three, 'app.jar', { ...DEFAULT_JAR_LIMITS, maxPomFiles: 2 }),
        (err: unknown) => err instanceof ArchiveLimitError && err.message === 'more than 2 pom.properties',
      );
      assert.equal(
        (await jarOf(three, 'app.jar', { ...DEFAULT_JAR_LIMITS, maxPomFiles: 3 })).artifacts.length,
        3,
      );
    });

    it('rejects an archive listing more nested archives than the walk may open', async () => {
      const app = pomJar('app', { 'a.jar': pomJar('a'), 'b.jar': pomJar('b'), 'c.jar': pomJar('c') });
      await assert.rejects(
        jarOf(app, 'app.jar', { ...DEFAULT_JAR_LIMITS, maxNestedArchives: 2 }),
        (err: unknown) => err instanceof ArchiveLimitError && err.message === 'more than 2 nested archives',
      );
    });

    it('names no artifact, at once, for an archive whose name has 100,000 characters', async () => {
      const manifestOnly = rawZip([MANIFEST_ONLY]);
      const { artifacts } = await jarOf(manifestOnly, `opt/a${'-1'.repeat(50_000)}.jar`);
      assert.deepEqual(artifacts, []);
      assert.deepEqual(found((await jarOf(manifestOnly, 'opt/a-1.jar')).artifacts), [
        ['a', '1', 'file', 'opt/a-1.jar'],
      ]);
    });

    it('stops when the scan is aborted', async () => {
      const bytes = tree();
      const zip = await openZipBuffer(bytes, jarMembers());
      try {
        await assert.rejects(readJar(zip, 'app.jar', sha1(bytes), { signal: AbortSignal.abort() }), {
          name: 'AbortError',
        });
      } finally {
        zip.close();
      }
    });
  });

  // STYLE 2.10: any input either parses or fails with our own error.
  it('reads or rejects with InvalidInputError any mutation of a nested jar', async () => {
    const { int: random } = seeded(0x1a5);
    const jar = readFileSync(join(TESTDATA, 'inner', 'inner.jar'));
    for (let run = 0; run < 300; run++) {
      const bytes = Buffer.from(jar);
      for (let n = 1 + random(4); n > 0; n--) bytes[random(bytes.length)] = random(256);
      const cut = random(4) === 0 ? random(bytes.length) : bytes.length;
      try {
        await jarOf(bytes.subarray(0, cut), 'app/inner.jar');
      } catch (err) {
        assert.ok(err instanceof InvalidInputError, `run ${run}: ${String(err)}`);
      }
    }
  });
});
