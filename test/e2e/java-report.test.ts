// Acceptance: Debian's jackson jars in /usr/share/java and a war holding jackson-databind and
// jackson-core under WEB-INF/lib, indexed by the local stack against jackson's GitHub advisories
// loaded through the osv updater, and jars made here at the advisories' bounds. The report must
// name, for the plain jars and the nested ones alike, exactly the advisories whose ECOSYSTEM
// ranges hold each jar's version by Maven's own ComparableVersion (Debian's libmaven3-core-java,
// run through ComparableVersions.java).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Blob, layerFromDirectory } from '../helpers/layers.ts';
import {
  fetchVulnerabilityReport,
  indexManifest,
  type OsvStack,
  startOsvStack,
  vulnerabilityNames,
} from '../helpers/local-stack.ts';
import { NO_ZIP, zipTree } from '../unit/ecosystems/java/zip-build.ts';

const ADVISORIES = join(import.meta.dirname, 'testdata', 'maven-jackson');
const DRIVER = join(import.meta.dirname, '../integration/versions/ComparableVersions.java');
const JAVA_DIR = '/usr/share/java';
// Debian's libjackson2-{databind,core,annotations}-java, by the names the packages install.
const JARS = ['jackson-databind.jar', 'jackson-core.jar', 'jackson-annotations.jar'];
const WAR = 'srv/tomcat/webapps/shop.war';
// Versions at the advisories' bounds, which no Debian jar has: in jars made here holding only their
// pom.properties. 2.13.4.1 is past a fix in 2.13.4 and before one in 2.13.4.2; 2.9.10 is before an
// interval introduced in 2.10.0; jackson-core 2.13.0 is exactly a fixed version.
const AT_BOUNDS: readonly (readonly [group: string, artifact: string, version: string])[] = [
  ['com.fasterxml.jackson.core', 'jackson-databind', '2.13.4.1'],
  ['com.fasterxml.jackson.core', 'jackson-databind', '2.9.10'],
  ['com.fasterxml.jackson.core', 'jackson-core', '2.13.0'],
];

/** MAVEN_ARTIFACT_JAR, else the jar Debian's libmaven3-core-java installs. */
function mavenArtifactJar(): string | undefined {
  const fromEnv = process.env.MAVEN_ARTIFACT_JAR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!existsSync(JAVA_DIR)) return undefined;
  const names = readdirSync(JAVA_DIR).filter((name) => /^maven3?-artifact[-.0-9x]*\.jar$/.test(name));
  const name = names.includes('maven3-artifact.jar') ? 'maven3-artifact.jar' : names[0];
  return name === undefined ? undefined : join(JAVA_DIR, name);
}

const MAVEN_ARTIFACT = mavenArtifactJar();
const missingJar = JARS.find((jar) => !existsSync(join(JAVA_DIR, jar)));
const SKIP =
  spawnSync('java', ['-version']).status !== 0
    ? 'java not found: install a JRE (default-jre-headless) to run this test'
    : MAVEN_ARTIFACT === undefined
      ? 'maven-artifact jar not found: install libmaven3-core-java or set MAVEN_ARTIFACT_JAR to run this test'
      : missingJar !== undefined
        ? `${JAVA_DIR}/${missingJar} is missing: install libjackson2-databind-java to run this test`
        : spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0
          ? 'unzip is not installed'
          : NO_ZIP;

type Event = { introduced?: string; fixed?: string; last_affected?: string };
type Advisory = {
  id: string;
  affected: { package: { name: string }; ranges: { type: string; events: Event[] }[] }[];
};

/** Each jar's coordinates (groupId:artifactId, version) by where it lies: its package database. */
type Jars = Record<string, readonly [string, string]>;
/** A one-layer image and the jars in it. */
type Image = { readonly layer: Blob; readonly jars: Readonly<Jars> };

/** groupId:artifactId and version of a jar's pom.properties, as unzip extracts it. */
function coordinates(jar: string): [string, string] {
  const text = execFileSync('unzip', ['-p', jar, 'META-INF/maven/*/pom.properties'], { encoding: 'utf8' });
  const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  return [`${value('groupId')}:${value('artifactId')}`, value('version')];
}

/** Maven's sign of compareTo for each pair, in one JVM run of ComparableVersions.java. */
async function mavenOrder(pairs: readonly (readonly [string, string])[]): Promise<Map<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'clairless-maven-order-'));
  try {
    const file = join(dir, 'pairs.tsv');
    await writeFile(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
    const out = execFileSync('java', ['-cp', MAVEN_ARTIFACT as string, DRIVER, file], { encoding: 'utf8' });
    const signs = out.trim().split('\n');
    assert.equal(signs.length, pairs.length);
    return new Map(pairs.map(([a, b], i) => [`${a}\t${b}`, Number(signs[i]?.split(' ')[0])]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every event version of the advisories' ranges for name, "0" aside. */
function bounds(advisories: readonly Advisory[], name: string): string[] {
  return advisories.flatMap((a) =>
    a.affected
      .filter((x) => x.package.name === name)
      .flatMap((x) => x.ranges.flatMap((r) => r.events.flatMap((e) => Object.values(e))))
      .filter((v) => v !== '0'),
  );
}

/** OSV's range rule over an ECOSYSTEM range's events in order, with Maven's order of version and a bound. */
function holds(version: string, events: readonly Event[], order: ReadonlyMap<string, number>): boolean {
  const cmp = (bound: string): number => {
    const sign = order.get(`${version}\t${bound}`);
    assert.ok(sign !== undefined, `no Maven order for ${version} and ${bound}`);
    return sign;
  };
  let start: string | undefined;
  const from = (s: string) => s === '0' || cmp(s) >= 0;
  for (const e of events) {
    if (e.introduced !== undefined) start = e.introduced;
    else if (start !== undefined && e.fixed !== undefined) {
      if (from(start) && cmp(e.fixed) < 0) return true;
      start = undefined;
    } else if (start !== undefined && e.last_affected !== undefined) {
      if (from(start) && cmp(e.last_affected) <= 0) return true;
      start = undefined;
    }
  }
  return start !== undefined && from(start);
}

/** For each `where name@version`, the advisories whose ECOSYSTEM ranges hold it, where there are any. */
async function affectedByMaven(
  jars: Readonly<Jars>,
  advisories: readonly Advisory[],
): Promise<Record<string, string[]>> {
  const pairs = Object.values(jars).flatMap(([name, version]) =>
    bounds(advisories, name).map((b) => [version, b] as const),
  );
  const order = await mavenOrder(pairs);
  const out: Record<string, string[]> = {};
  for (const [where, [name, version]] of Object.entries(jars)) {
    const hits = advisories.filter((a) =>
      a.affected.some(
        (x) =>
          x.package.name === name &&
          x.ranges.some((r) => r.type === 'ECOSYSTEM' && holds(version, r.events, order)),
      ),
    );
    if (hits.length > 0) out[`${where} ${name}@${version}`] = hits.map((a) => a.id).sort();
  }
  return out;
}

describe("Debian's jackson jars, plain and in a war, against jackson's GitHub advisories", {
  skip: SKIP,
}, () => {
  let dir: string;
  let stack: OsvStack<Advisory>;
  // The plain jars, the war and the jars at the bounds each make an image: the same package found
  // twice in one image keeps one environment, as in claircore's language coalescer.
  let plain: Image;
  let war: Image;
  let bounded: Image;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-java-'));
    await mkdir(join(dir, 'plain/usr/share/java'), { recursive: true });
    const plainJars: Jars = {};
    for (const jar of JARS) {
      await copyFile(join(JAVA_DIR, jar), join(dir, 'plain/usr/share/java', jar));
      plainJars[`maven:usr/share/java/${jar}`] = coordinates(join(JAVA_DIR, jar));
    }
    plain = { layer: layerFromDirectory(join(dir, 'plain')), jars: plainJars };
    // A web application bundling databind and core, named as Maven names a dependency it copies.
    const lib: Record<string, Buffer> = {};
    const warJars: Jars = {};
    for (const jar of JARS.slice(0, 2)) {
      const [name, version] = coordinates(join(JAVA_DIR, jar));
      const member = `WEB-INF/lib/${name.split(':')[1]}-${version}.jar`;
      lib[member] = readFileSync(join(JAVA_DIR, jar));
      warJars[`maven:${WAR}:${member}`] = [name, version];
    }
    await mkdir(dirname(join(dir, 'war', WAR)), { recursive: true });
    await writeFile(
      join(dir, 'war', WAR),
      zipTree({
        'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\nCreated-By: clairless tests\r\n',
        'WEB-INF/web.xml': '<web-app/>\n',
        ...lib,
      }),
    );
    war = { layer: layerFromDirectory(join(dir, 'war')), jars: warJars };
    const boundJars: Jars = {};
    await mkdir(join(dir, 'bounds/opt/app/lib'), { recursive: true });
    for (const [group, artifact, version] of AT_BOUNDS) {
      const path = `opt/app/lib/${artifact}-${version}.jar`;
      await writeFile(
        join(dir, 'bounds', path),
        zipTree({
          'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\nCreated-By: clairless tests\r\n',
          [`META-INF/maven/${group}/${artifact}/pom.properties`]: [
            `groupId=${group}`,
            `artifactId=${artifact}`,
            `version=${version}`,
            '',
          ].join('\n'),
        }),
      );
      boundJars[`maven:${path}`] = coordinates(join(dir, 'bounds', path));
    }
    bounded = { layer: layerFromDirectory(join(dir, 'bounds')), jars: boundJars };
    stack = await startOsvStack('Maven', ADVISORIES, [plain.layer, war.layer, bounded.layer]);
  });
  after(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Indexes the one-layer image, checking it holds exactly the jars where they lie, in the Maven repository. */
  const index = async (image: Image): Promise<string> => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, [image.layer]);
    const found = Object.entries(report.environments).flatMap(([id, envs]) =>
      envs.map((e) => `${e.package_db} ${report.packages[id]?.name}@${report.packages[id]?.version}`),
    );
    assert.deepEqual(
      found.sort(),
      Object.entries(image.jars)
        .map(([where, [name, version]]) => `${where} ${name}@${version}`)
        .sort(),
    );
    assert.deepEqual(
      Object.values(report.repository).map((r) => [r.name, r.uri]),
      [['maven', 'https://repo1.maven.apache.org/maven2']],
    );
    return report.manifest_hash;
  };

  /** The advisories the report names for each `where name@version`. */
  const affected = async (manifest: string): Promise<Record<string, string[]>> => {
    const report = await fetchVulnerabilityReport(stack.runtime.apiUrl, manifest);
    return vulnerabilityNames(report, (id) =>
      (report.environments[id] ?? []).map(
        (env) => `${env.package_db} ${report.packages[id]?.name}@${report.packages[id]?.version}`,
      ),
    );
  };

  it("Maven's order puts databind 2.14.0 and core 2.14.1 each in one advisory, and misses the rest", async () => {
    const databind = ['GHSA-rmj7-2vxq-3g9f'];
    const core = ['GHSA-h46c-h94j-95f3'];
    assert.deepEqual(await affectedByMaven({ ...plain.jars, ...war.jars }, stack.advisories), {
      'maven:usr/share/java/jackson-databind.jar com.fasterxml.jackson.core:jackson-databind@2.14.0':
        databind,
      'maven:usr/share/java/jackson-core.jar com.fasterxml.jackson.core:jackson-core@2.14.1': core,
      [`maven:${WAR}:WEB-INF/lib/jackson-databind-2.14.0.jar com.fasterxml.jackson.core:jackson-databind@2.14.0`]:
        databind,
      [`maven:${WAR}:WEB-INF/lib/jackson-core-2.14.1.jar com.fasterxml.jackson.core:jackson-core@2.14.1`]:
        core,
    });
  });

  it('reports exactly those for the jars in /usr/share/java', async () => {
    assert.deepEqual(await affected(await index(plain)), await affectedByMaven(plain.jars, stack.advisories));
  });

  it('reports exactly those for the jars inside the war, under their chain of archives', async () => {
    assert.deepEqual(await affected(await index(war)), await affectedByMaven(war.jars, stack.advisories));
  });

  it("Maven's order keeps each version at an advisory's bound out of that advisory, four-part versions too", async () => {
    const lib = 'maven:opt/app/lib';
    assert.deepEqual(await affectedByMaven(bounded.jars, stack.advisories), {
      [`${lib}/jackson-databind-2.13.4.1.jar com.fasterxml.jackson.core:jackson-databind@2.13.4.1`]: [
        'GHSA-jjjh-jjxp-wpff',
        'GHSA-rmj7-2vxq-3g9f',
      ],
      [`${lib}/jackson-databind-2.9.10.jar com.fasterxml.jackson.core:jackson-databind@2.9.10`]: [
        'GHSA-57j2-w4cx-62h2',
        'GHSA-jjjh-jjxp-wpff',
        'GHSA-rgv9-q543-rqg4',
      ],
      [`${lib}/jackson-core-2.13.0.jar com.fasterxml.jackson.core:jackson-core@2.13.0`]: [
        'GHSA-h46c-h94j-95f3',
      ],
    });
  });

  it('reports exactly those for the versions at the bounds', async () => {
    assert.deepEqual(
      await affected(await index(bounded)),
      await affectedByMaven(bounded.jars, stack.advisories),
    );
  });
});
