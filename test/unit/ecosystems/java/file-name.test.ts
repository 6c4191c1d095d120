import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileNameCoordinates } from '../../../../lib/ecosystems/java/file-name.ts';
import { random as seeded } from '../../../helpers/prng.ts';

// claircore's nameRegexp, as this scanner used it before: right, but backtracking.
const CLAIRCORE = /([!-~]+)-([0-9][-.0-9A-Za-z]*(?:-SNAPSHOT)?)\.jar/;
const byRegex = (name: string) => {
  const m = CLAIRCORE.exec(name);
  return m === null ? undefined : { name: m[1], version: m[2] };
};

// The jar names of claircore's testdata (the Apache Cassandra 4.0.0 distribution and inner.jar).
const CASSANDRA = readdirSync(join(import.meta.dirname, 'testdata', 'manifest')).filter((n) =>
  n.endsWith('.jar'),
);
const NAMES = [
  ...CASSANDRA,
  'jackson-annotations-2.13.0.jar',
  'log4j-api-2.14.jar',
  'log4j-2.14.0.jar',
  'inner.jar',
  'foo-bar-1.2.3-SNAPSHOT.jar',
  'javax.inject-1.jar',
  'guava-27.0-jre.jar',
  'lib-1.0.jar.sha1',
  'app-1.0.war',
  'a b-1.0.jar',
  'a-1.jar b-2.jar',
  'x-1.jar.jar',
  'a-b-1.jar-c-2.jar',
  'a-1-2-3.jar',
  '-1.0.jar',
  'a--1.jar',
  'a-1.0.JAR',
  'ünïcode-1.0.jar',
  'a-ü1.0.jar',
  'a\t-1.0.jar',
];

describe('java jar file name', () => {
  it("agrees with claircore's regex on real and edge-case names", () => {
    assert.ok(CASSANDRA.length > 40, 'the Cassandra manifests are in testdata');
    for (const name of NAMES) assert.deepEqual(fileNameCoordinates(name), byRegex(name), name);
    assert.deepEqual(fileNameCoordinates('foo-bar-1.2.3-SNAPSHOT.jar'), {
      name: 'foo-bar',
      version: '1.2.3-SNAPSHOT',
    });
  });

  it("agrees with claircore's regex on random short names over the characters that matter", () => {
    const { int } = seeded(0x7a7);
    const alphabet = ['a', 'Z', '-', '1', '9', '.', 'j', 'a', 'r', '.jar', '-1', ' ', 'ü', '_', 'S'];
    for (let run = 0; run < 5000; run++) {
      let name = '';
      for (let n = int(16); n > 0; n--) name += alphabet[int(alphabet.length)];
      assert.deepEqual(fileNameCoordinates(name), byRegex(name), JSON.stringify(name));
    }
  });

  it('reads names up to 255 bytes and passes over longer ones', () => {
    const fits = `${'a'.repeat(245)}-1.0.jar`;
    assert.deepEqual(fileNameCoordinates(fits), { name: 'a'.repeat(245), version: '1.0' });
    assert.equal(fileNameCoordinates(`${'a'.repeat(248)}-1.0.jar`), undefined);
    assert.equal(fileNameCoordinates(`${'ü'.repeat(124)}-1.0.jar`), undefined, '256 bytes in UTF-8');
  });

  // The old regex takes cubic time on this shape: 255 bytes are quick, 100,000 characters never end.
  it('answers at once for a name of 100,000 characters that would stall a backtracking regex', () => {
    assert.equal(fileNameCoordinates(`a${'-1'.repeat(50_000)}.war`), undefined);
    const worst = `a${'-1'.repeat(127)}`;
    assert.deepEqual(fileNameCoordinates(worst), byRegex(worst));
  });
});
