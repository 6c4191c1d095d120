import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pomCoordinates } from '../../../../lib/ecosystems/java/pom-properties.ts';

const PROPERTIES = join(import.meta.dirname, 'testdata', 'properties');
const files = readdirSync(PROPERTIES).sort();
const coordinates = (file: string) => pomCoordinates(readFileSync(join(PROPERTIES, file), 'utf8'));

describe('java pom.properties', () => {
  it('reads every Apache Cassandra pom.properties', () => {
    const want = JSON.parse(
      readFileSync(join(import.meta.dirname, 'testdata', 'properties-coordinates.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.equal(files.length, 49);
    assert.deepEqual(Object.fromEntries(files.map((f) => [f, coordinates(f) ?? null])), want);
  });

  it('agrees with the jar file names: <artifactId>-<version>, but for the shaded driver', () => {
    const disagree = files.filter((f) => {
      const c = coordinates(f);
      return c === undefined || !f.startsWith(`${c.name.split(':')[1]}-${c.version}`);
    });
    // The driver's jar shades jctools, whose pom.properties comes first.
    assert.deepEqual(disagree, ['cassandra-driver-core-3.11.0-shaded.jar']);
  });

  it('needs all of groupId, artifactId and version', () => {
    assert.equal(pomCoordinates('groupId=org.example\nversion=1.0\n'), undefined);
    assert.equal(pomCoordinates('groupId=org.example\nartifactId=lib\nversion=\n'), undefined);
    assert.deepEqual(pomCoordinates('#c\r\n groupId=org.example \r\nartifactId=lib\r\nversion=1.0\r\n'), {
      name: 'org.example:lib',
      version: '1.0',
    });
  });
});
