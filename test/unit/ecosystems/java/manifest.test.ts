import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  manifestAttributes,
  manifestCoordinates,
  manifestMainSection,
} from '../../../../lib/ecosystems/java/manifest.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const read = (...path: string[]): string => readFileSync(join(TESTDATA, ...path), 'utf8');
const cassandra = readdirSync(join(TESTDATA, 'manifest'))
  .filter((f) => !f.endsWith('.want'))
  .sort();

describe('java manifest', () => {
  it('has the Apache Cassandra manifests to read', () => {
    assert.equal(cassandra.length, 64);
  });

  it("cuts every manifest's main section as claircore's .want files hold it", () => {
    const cases = [...cassandra.map((f) => join('manifest', f)), join('manifestSection', 'individual')];
    for (const path of cases) {
      assert.equal(manifestMainSection(read(path)), read(`${path}.want`), path);
    }
  });

  it('reads every Apache Cassandra manifest as sane, as claircore does', () => {
    const insane = cassandra.filter((f) => manifestAttributes(read('manifest', f)) === undefined);
    assert.deepEqual(insane, []);
  });

  it('names each Apache Cassandra jar by the first usable group, artifact and version attributes', () => {
    const want = JSON.parse(read('manifest-coordinates.json')) as Record<string, unknown>;
    const got = Object.fromEntries(
      cassandra.map((f) => [f, manifestCoordinates(read('manifest', f)) ?? null]),
    );
    assert.deepEqual(got, want);
  });

  it("names the Jenkins plugins of claircore's manifest tests as claircore expects", () => {
    const want = JSON.parse(read('jenkins-plugins', 'want.json')) as Record<string, unknown>;
    const got = Object.fromEntries(
      Object.keys(want).map((name) => [name, manifestCoordinates(read('jenkins-plugins', `${name}.MF`))]),
    );
    assert.deepEqual(got, want);
  });

  it('joins a continuation line to its attribute with one space, as Go reads MIME headers', () => {
    const attributes = manifestAttributes(read('jenkins-plugins', 'ghprb.MF'));
    assert.equal(
      attributes?.get('url'),
      'https://wiki.jenkins-ci.org/display/JENKINS/GitHub+pull+request+b uilder+plugin',
    );
  });

  it('keeps only the main section: attributes of an individual section are not read', () => {
    const attributes = manifestAttributes(read('malformed_zip.MF'));
    assert.deepEqual(attributes && Object.fromEntries(attributes), {
      'manifest-version': '1.0',
      'created-by': '666 (claircore testing)',
    });
  });

  it('rejects the malformed manifests: a line without a colon, an empty file, an empty Manifest-Version', () => {
    for (const name of ['bad-header', 'empty', 'no-version']) {
      assert.equal(manifestAttributes(read('malformed-manifests', name)), undefined, name);
    }
  });

  it('rejects a manifest with a Name attribute in its main section or a continuation first', () => {
    assert.equal(manifestAttributes('Name: x\r\nManifest-Version: 1.0\r\n'), undefined);
    assert.equal(manifestAttributes(' Manifest-Version: 1.0\r\n'), undefined);
  });

  it('drops an artifact equal to the group and cuts Bundle-SymbolicName at its directives', () => {
    const text = [
      'Manifest-Version: 1.0',
      'Bundle-SymbolicName: org.example.lib;singleton:=true',
      'Implementation-Title: org.example.lib',
      'Bundle-Version: 1.2.3',
      '',
    ].join('\r\n');
    assert.deepEqual(manifestCoordinates(text), { name: 'org.example.lib', version: '1.2.3' });
  });
});
