import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { javaPackageScanner } from '../../../../lib/ecosystems/java/package-scanner.ts';
import {
  javaRepositoryScanner,
  MAVEN_REPOSITORY,
} from '../../../../lib/ecosystems/java/repository-scanner.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { gnuTar, type Tree } from '../../indexer/tar-build.ts';
import { buildOwnerDatabases, type OwnerDatabases } from '../rpm/owned-files-fixtures.ts';
import { rpmToolsInstalled, SKIP_MESSAGE } from '../rpm/rpmdb-fixtures.ts';
import { NO_ZIP, type RawMember, rawZip, zipTree } from './zip-build.ts';

const scanners = [javaPackageScanner, javaRepositoryScanner];
const layers = tarLayers(scanners);
const TESTDATA = join(import.meta.dirname, 'testdata');
const sha1 = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');

// Debian's jar (libjackson2-databind-java), read back with unzip to know what it holds.
const DEBIAN_JAR = '/usr/share/java/jackson-databind.jar';
const DEBIAN_POM = 'META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties';
const NO_DEBIAN_JAR = !existsSync(DEBIAN_JAR)
  ? `${DEBIAN_JAR} is missing (install libjackson2-databind-java)`
  : spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0
    ? 'unzip is not installed'
    : false;

/** groupId:artifactId and version of the Debian jar's pom.properties, as unzip extracts it. */
function debianCoordinates(): [string, string] {
  const text = execFileSync('unzip', ['-p', DEBIAN_JAR, DEBIAN_POM], { encoding: 'utf8' });
  const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  return [`${value('groupId')}:${value('artifactId')}`, value('version')];
}

async function scan(tree: Tree) {
  const files = layers.of(gnuTar(tree));
  const { log, entries } = captureLog();
  const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(30_000), log };
  const packages = await javaPackageScanner.scan(files, ctx);
  const repositories = await javaRepositoryScanner.scan(files, ctx);
  return { packages, repositories, entries };
}

/** The scan's packages as name, version, database and file. */
const found = (packages: Awaited<ReturnType<typeof scan>>['packages']) =>
  packages.map((p) => [p.name, p.version, p.packageDb, p.filepath]);

describe('java package scanner', () => {
  afterEach(() => layers.disposeAll());

  it("is claircore's java package scanner, version 9", () => {
    assert.deepEqual(
      [javaPackageScanner.name, javaPackageScanner.version, javaPackageScanner.kind],
      ['java', '9', 'package'],
    );
  });

  it('asks for archives as files on disk, never for whiteouts or other files', () => {
    assert.deepEqual(
      ['app.jar', 'a.war', 'a.ear', 'p.jpi', 'p.hpi', 'x/.wh.app.jar', 'app.zip', 'app.jar.sha1'].map((p) =>
        javaPackageScanner.wants(p, 'file'),
      ),
      ['file', 'file', 'file', 'file', 'file', 'none', 'none', 'none'],
    );
    assert.equal(javaPackageScanner.wants('app.jar', 'symlink'), 'none');
  });

  it("finds Debian's jackson-databind jar by its pom.properties, with its SHA-1 and Maven Central", {
    skip: NO_DEBIAN_JAR,
  }, async () => {
    const jar = readFileSync(DEBIAN_JAR);
    const { packages, repositories } = await scan({ 'usr/share/java/jackson-databind.jar': jar });
    const [name, version] = debianCoordinates();
    assert.equal(name, 'com.fasterxml.jackson.core:jackson-databind');
    assert.deepEqual(packages, [
      {
        name,
        version,
        kind: 'binary',
        arch: '',
        module: '',
        source: undefined,
        packageDb: 'maven:usr/share/java/jackson-databind.jar',
        repositoryHint: `sha1:${sha1(jar)}`,
        filepath: 'usr/share/java/jackson-databind.jar',
      },
    ]);
    assert.deepEqual(repositories, [MAVEN_REPOSITORY]);
  });

  it('finds the jar inside a war under WEB-INF/lib, with the chain of archives and the inner SHA-1', {
    skip: NO_DEBIAN_JAR || NO_ZIP,
  }, async () => {
    const jar = readFileSync(DEBIAN_JAR);
    const war = zipTree({
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\nCreated-By: clairless tests\r\n',
      'WEB-INF/web.xml': '<web-app/>\n',
      'WEB-INF/lib/jackson-databind-2.14.0.jar': jar,
    });
    const { packages } = await scan({ 'srv/tomcat/webapps/shop.war': war });
    const [name, version] = debianCoordinates();
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.packageDb, p.repositoryHint, p.filepath]),
      [
        [
          name,
          version,
          'maven:srv/tomcat/webapps/shop.war:WEB-INF/lib/jackson-databind-2.14.0.jar',
          `sha1:${sha1(jar)}`,
          'srv/tomcat/webapps/shop.war',
        ],
      ],
    );
  });

  it('skips a truncated jar and a jar that is no zip with a warning naming each, and reports the good one', {
    skip: NO_ZIP,
  }, async () => {
    const good = zipTree({
      'META-INF/MANIFEST.MF': readFileSync(join(TESTDATA, 'manifest', 'HdrHistogram-2.1.9.jar')),
      'META-INF/maven/org.hdrhistogram/HdrHistogram/pom.properties': readFileSync(
        join(TESTDATA, 'properties', 'HdrHistogram-2.1.9.jar'),
      ),
    });
    const { packages, entries } = await scan({
      'opt/app/lib/HdrHistogram-2.1.9.jar': good,
      'opt/app/lib/truncated-1.0.jar': good.subarray(0, good.length - 30),
      'opt/app/lib/notazip-1.0.jar': 'this is a text file with a .jar name, long enough\n',
    });
    assert.deepEqual(found(packages), [
      [
        'org.hdrhistogram:HdrHistogram',
        '2.1.9',
        'maven:opt/app/lib/HdrHistogram-2.1.9.jar',
        'opt/app/lib/HdrHistogram-2.1.9.jar',
      ],
    ]);
    const skipped = entries.filter((e) => e.msg === 'java archive skipped');
    assert.deepEqual(skipped.map((e) => e.path).sort(), [
      'opt/app/lib/notazip-1.0.jar',
      'opt/app/lib/truncated-1.0.jar',
    ]);
    for (const e of skipped) assert.match(String(e.reason), /central directory/);
  });

  it('skips a zip that is not a jar (no META-INF) with a warning', { skip: NO_ZIP }, async () => {
    const { packages, entries } = await scan({
      'data/fixtures-1.0.jar': zipTree({ 'data.csv': 'a,b\n1,2\n' }),
    });
    assert.deepEqual(packages, []);
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn').map((e) => [e.msg, e.path, e.reason]),
      [['java archive skipped', 'data/fixtures-1.0.jar', 'no META-INF folder']],
    );
  });

  it('names a jar by its manifest, else by its file name', { skip: NO_ZIP }, async () => {
    const { packages } = await scan({
      'opt/lib/zstd-jni-1.3.8-5.jar': zipTree({
        'META-INF/MANIFEST.MF': readFileSync(join(TESTDATA, 'manifest', 'zstd-jni-1.3.8-5.jar')),
      }),
      'opt/lib/jamm-0.3.2.jar': zipTree({
        'META-INF/MANIFEST.MF': readFileSync(join(TESTDATA, 'manifest', 'jamm-0.3.2.jar')),
      }),
    });
    assert.deepEqual(found(packages), [
      [
        'com.github.luben.zstd-jni:zstd-jni',
        '1.3.8.5',
        'jar:opt/lib/zstd-jni-1.3.8-5.jar',
        'opt/lib/zstd-jni-1.3.8-5.jar',
      ],
      ['jamm', '0.3.2', 'file:opt/lib/jamm-0.3.2.jar', 'opt/lib/jamm-0.3.2.jar'],
    ]);
  });

  it('reports no repository for a layer whose only .jar holds no package, and warns about it once', async () => {
    const { packages, repositories, entries } = await scan({
      'opt/test-resource.jar': 'this is not a zip but is long enough',
    });
    assert.deepEqual([packages, repositories], [[], []]);
    assert.deepEqual(
      entries.filter((e) => e.level === 'warn').map((e) => [e.msg, e.path]),
      [['java archive skipped', 'opt/test-resource.jar']],
    );
  });

  it('skips hostile archives with a warning and indexes the rest of the layer', async () => {
    const pom = (artifact: string): RawMember => ({
      name: `META-INF/maven/org.example/${artifact}/pom.properties`,
      data: Buffer.from(`groupId=org.example\nartifactId=${artifact}\nversion=1.0\n`),
    });
    const manifest = { name: 'META-INF/MANIFEST.MF', data: Buffer.from('Manifest-Version: 1.0\r\n\r\n') };
    // Ten central entries per level naming one nested jar: 1,000 archives three levels down.
    let fanOut = rawZip([pom('leaf')]);
    for (let level = 0; level < 3; level++) {
      const aliases = Array.from({ length: 9 }, (_, i) => `l${level}_${i + 1}.jar`);
      fanOut = rawZip([manifest, { name: `l${level}_0.jar`, data: fanOut }], aliases);
    }
    // 500 pom.properties naming one stream that inflates to 4 MiB.
    const spaces = {
      name: 'META-INF/maven/g/a/pom.properties',
      data: Buffer.alloc(4 * 2 ** 20 - 1, ' '),
      deflate: true,
    };
    const bomb = rawZip(
      [spaces],
      Array.from({ length: 499 }, (_, i) => `META-INF/maven/g/a${i}/pom.properties`),
    );
    const { packages, repositories, entries } = await scan({
      'opt/fan-out.jar': fanOut,
      'opt/bomb.jar': bomb,
      'opt/good.jar': rawZip([manifest, pom('good')]),
    });
    assert.deepEqual(found(packages), [['org.example:good', '1.0', 'maven:opt/good.jar', 'opt/good.jar']]);
    assert.deepEqual(repositories, [MAVEN_REPOSITORY]);
    assert.deepEqual(
      entries
        .filter((e) => e.level === 'warn')
        .map((e) => [e.msg, e.path, /share one local header/.test(String(e.reason))]),
      [
        ['java archive skipped', 'opt/bomb.jar', true],
        ['java archive skipped', 'opt/fan-out.jar', true],
      ],
    );
  });

  it('reports no repository for a layer without archives, and passes over tiny files', async () => {
    const { packages, repositories } = await scan({
      'opt/lib/empty.jar': 'PK\u0005\u0006',
      'opt/readme.txt': 'hi',
    });
    assert.deepEqual([packages, repositories], [[], []]);
  });
});

describe('java package scanner, with the files rpm packages own', () => {
  const skip = NO_ZIP || (rpmToolsInstalled() ? false : SKIP_MESSAGE);
  // clairless-owner owns usr/share/java/lib.jar (../rpm/testdata/owned-files/clairless-owner.spec).
  const OWNED = 'usr/share/java/lib.jar';
  const MINE = 'usr/share/java/HdrHistogram-2.1.9.jar';
  let dbs: OwnerDatabases | undefined;
  before(() => {
    if (!skip) dbs = buildOwnerDatabases();
  });
  after(() => dbs?.cleanup());
  afterEach(() => layers.disposeAll());
  const jars = (): Tree => {
    const jar = zipTree({
      'META-INF/MANIFEST.MF': readFileSync(join(TESTDATA, 'manifest', 'HdrHistogram-2.1.9.jar')),
    });
    return { [OWNED]: jar, [MINE]: jar };
  };

  it('wants the rpm databases on disk', () => {
    for (const path of [
      'var/lib/rpm/rpmdb.sqlite',
      'var/lib/rpm/Packages',
      'usr/lib/sysimage/rpm/Packages.db',
    ]) {
      assert.equal(javaPackageScanner.wants(path, 'file'), 'file', path);
    }
  });

  for (const kind of ['sqlite', 'bdb'] as const) {
    it(`skips a jar an rpm package of the layer owns (${kind} database), and reports it in a layer without the database`, {
      skip,
    }, async () => {
      const name = kind === 'sqlite' ? 'rpmdb.sqlite' : 'Packages';
      const db = readFileSync((dbs as OwnerDatabases)[kind]);
      const owned = await scan({ [`var/lib/rpm/${name}`]: db, ...jars() });
      assert.deepEqual(
        owned.packages.map((p) => p.filepath),
        [MINE],
      );
      const unowned = await scan(jars());
      assert.deepEqual(unowned.packages.map((p) => p.filepath).sort(), [MINE, OWNED]);
    });
  }

  it('reports no repository when every archive of the layer is owned by an rpm package', {
    skip,
  }, async () => {
    const { packages, repositories } = await scan({
      'var/lib/rpm/rpmdb.sqlite': readFileSync((dbs as OwnerDatabases).sqlite),
      [OWNED]: jars()[OWNED] as Buffer,
    });
    assert.deepEqual([packages, repositories], [[], []]);
  });
});
