// Maven ordering checked against the real org.apache.maven.artifact.versioning.ComparableVersion
// (Debian's libmaven3-core-java, Maven 3.8.7) on generated and hand-picked pairs, both ways round,
// in one JVM run of ComparableVersions.java.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareMavenVersions } from '../../../lib/versions/maven.ts';
import { type Random, random } from '../../helpers/prng.ts';

/** MAVEN_ARTIFACT_JAR, else the jar Debian's libmaven3-core-java installs. */
function findJar(): string | undefined {
  const fromEnv = process.env.MAVEN_ARTIFACT_JAR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const dir = '/usr/share/java';
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir).filter((name) => /^maven3?-artifact[-.0-9x]*\.jar$/.test(name));
  const name = names.includes('maven3-artifact.jar') ? 'maven3-artifact.jar' : names[0];
  return name === undefined ? undefined : join(dir, name);
}

const JAR = findJar();
const JAVA = spawnSync('java', ['-version']);
const SKIP =
  JAVA.status !== 0
    ? 'java not found: install a JRE (default-jre-headless) to run this test'
    : JAR === undefined
      ? 'maven-artifact jar not found: install libmaven3-core-java or set MAVEN_ARTIFACT_JAR to run this test'
      : false;
const DRIVER = join(import.meta.dirname, 'ComparableVersions.java');

/** claircore's vectors (the Maven wiki and ComparableVersionTest), as `a op b` lines. */
const VECTORS = readFileSync(
  join(import.meta.dirname, '../../unit/versions/testdata/maven/compare.list'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => line.trim().split(/\s+/))
  .map(([a = '', , b = '']) => [a, b] as const);

/** Hand-picked: Maven's number classes, trimming, nesting and qualifier aliases. */
const TRICKY: readonly (readonly [string, string])[] = [
  ['0000000000', '1'],
  ['1.0000000000.1', '1.0.1'],
  ['1.000000000.1', '1.0.1'],
  ['1.999999999', '1.1000000000'],
  ['1.999999999999999999', '1.1000000000000000000'],
  ['1-0.alpha', '1'],
  ['1--2', '1-.2'],
  ['1.x', '1.x.0'],
  ['1.x', '1-x'],
  ['1.a1', '1-a1'],
  ['1.0.0.x1', '1-x1'],
  ['1ga', '1.ga'],
  ['1-ga-1', '1-1'],
  ['1-final.1', '1.1'],
  ['1-sp', '1-sp1'],
  ['1-sp', '1.1'],
  ['1-1', '1-sp'],
  ['1.a', '1.b'],
  ['1a', '1alpha'],
  ['1a-1', '1alpha-1'],
  ['1m', '1milestone'],
  ['1m1', '1milestone1'],
  ['1-snapshot', '1-rc'],
  ['1-SNAPSHOT', '1'],
  ['1-abc', '1-ABC'],
  ['1-é', '1-z'],
  ['1-İ', '1-i'],
  ['١', '1'],
  ['1.٢', '1.2'],
  ['٠٠٠٠٠٠٠٠٠١', '1'],
  ['０', ''],
  ['', '0'],
  ['.', '-'],
  ['1.', '1'],
  ['-1', '1'],
  ['1-', '1'],
  ['2.0.a', '2.0.0.a'],
  ['1.0-alpha-1.0', '1.0-alpha-1'],
  ['20190126.230843', '1234567890.12345'],
  ['123456789012345.1H.5-beta', '12345678901234567890.1H.5-beta'],
];

const pick = <T>(r: Random, items: readonly T[]): T => items[r.int(items.length)] as T;

const NUMBERS = [
  '0',
  '1',
  '2',
  '10',
  '01',
  '007',
  '0000000000',
  '999999999',
  '1000000000',
  '999999999999999999',
];
const BIG = ['1000000000000000000', '12345678901234567890', '١', '٢٠', '０', '0١', '00000000000000000001'];
const QUALIFIERS = [
  'alpha',
  'a',
  'beta',
  'b',
  'milestone',
  'm',
  'rc',
  'cr',
  'snapshot',
  'ga',
  'final',
  'release',
];
const OTHERS = ['sp', 'SP', 'GA', 'Final', 'RC', 'Alpha', 'SNAPSHOT', 'xyz', 'abc', 'x', 'z', 'é', 'İ', 'ß'];
const SEPARATORS = ['.', '.', '.', '-', '-', '', '', '..', '--', '.-', '-.'];

function token(r: Random): string {
  const kind = r.int(10);
  if (kind < 5) return pick(r, NUMBERS);
  if (kind < 6) return pick(r, BIG);
  if (kind < 9) return pick(r, QUALIFIERS);
  return pick(r, OTHERS);
}

function tokens(r: Random): string[] {
  return Array.from({ length: 1 + r.int(6) }, () => token(r));
}

function versionText(r: Random, parts: readonly string[]): string {
  const text = parts.map((part, i) => (i === 0 ? part : `${pick(r, SEPARATORS)}${part}`)).join('');
  const edge = r.int(20);
  return edge === 0 ? `${pick(r, ['.', '-'])}${text}` : edge === 1 ? `${text}${pick(r, ['.', '-'])}` : text;
}

describe('maven against ComparableVersion', { skip: SKIP }, () => {
  it('orders every generated and hand-picked pair as Maven does, both ways round', async () => {
    assert.ok(existsSync(JAR ?? ''), `maven-artifact jar ${JAR} does not exist`);
    const r = random(3887);
    const pairs: (readonly [string, string])[] = [...VECTORS, ...TRICKY];
    for (let i = 0; i < 20000; i++) {
      const a = tokens(r);
      // Most pairs share a prefix, so the comparison reaches the tricky tail.
      const b =
        r.int(4) === 0 ? tokens(r) : [...a.slice(0, r.int(a.length + 1)), ...tokens(r).slice(0, r.int(3))];
      pairs.push([versionText(r, a), versionText(r, b)]);
    }
    const dir = await mkdtemp(join(tmpdir(), 'maven-'));
    try {
      const file = join(dir, 'pairs.tsv');
      await writeFile(file, `${pairs.map(([a, b]) => `${a}\t${b}`).join('\n')}\n`);
      const run = spawnSync('java', ['-cp', JAR ?? '', DRIVER, file], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      assert.equal(run.status, 0, run.stderr);
      const answers = run.stdout.trimEnd().split('\n');
      assert.equal(answers.length, pairs.length);

      const problems: string[] = [];
      pairs.forEach(([a, b], i) => {
        const ours = `${compareMavenVersions(a, b)} ${compareMavenVersions(b, a)}`;
        if (ours !== answers[i])
          problems.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: ours ${ours}, Maven ${answers[i]}`);
      });
      assert.deepEqual(problems.slice(0, 20), [], `${problems.length} disagreements`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
