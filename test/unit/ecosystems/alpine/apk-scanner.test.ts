import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apkScanner, parseInstalled } from '../../../../lib/ecosystems/alpine/apk-scanner.ts';
import type { ScannedPackage } from '../../../../lib/indexer/types.ts';
import { layerOf, layerOfDir } from '../../indexer/layer-dir.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const installed = readFileSync(join(TESTDATA, 'alpine-3.4', 'lib', 'apk', 'db', 'installed'), 'utf8');
const want: ScannedPackage[] = JSON.parse(readFileSync(join(TESTDATA, 'alpine-3.4.want.json'), 'utf8'));

describe('apk scanner', () => {
  it('is the package scanner apk, version v0.0.1', () => {
    assert.deepEqual([apkScanner.name, apkScanner.version, apkScanner.kind], ['apk', 'v0.0.1', 'package']);
  });

  it('wants only lib/apk/db/installed, as content', () => {
    assert.equal(apkScanner.wants('lib/apk/db/installed', 'file'), 'content');
    for (const path of ['usr/lib/apk/db/installed', 'lib/apk/db/triggers', 'installed']) {
      assert.equal(apkScanner.wants(path, 'file'), 'none', path);
    }
  });

  it('reports the packages of an alpine:3.4 database', async () => {
    assert.deepEqual(await apkScanner.scan(layerOfDir(apkScanner, join(TESTDATA, 'alpine-3.4'))), want);
  });

  it('names the origin as the source package, at the binary version', () => {
    const bySource = parseInstalled(installed)
      .filter((p) => p.source?.name === 'openssl')
      .map((p) => [p.name, p.source?.version]);
    assert.deepEqual(bySource, [
      ['libcrypto1.0', '1.0.2h-r1'],
      ['libssl1.0', '1.0.2h-r1'],
    ]);
  });

  it('keeps the aports commit as the repository hint', () => {
    const musl = parseInstalled(installed).find((p) => p.name === 'musl');
    assert.equal(musl?.repositoryHint, 'e6c226fbe17bb8f856dce5f0d9bc088b333e6225');
  });

  it('reads a database without a blank line after its last record', () => {
    assert.deepEqual(parseInstalled(installed.trimEnd()), want);
  });

  it('reads a database with CRLF line ends', () => {
    assert.deepEqual(parseInstalled(installed.replaceAll('\n', '\r\n')), want);
  });

  it('skips a record without a version', () => {
    // The record trivy's apk testdata adds between musl and busybox.
    const text = installed.replace(
      '\n\nC:Q1yhJHGSZ80L7cL0y4UKKGrBPwrUQ=',
      '\n\nP:invalidPackageWithoutAVersion\n\nC:Q1yhJHGSZ80L7cL0y4UKKGrBPwrUQ=',
    );
    assert.notEqual(text, installed);
    assert.deepEqual(parseInstalled(text), want);
  });

  it('reports nothing for an empty database', async () => {
    assert.deepEqual(await apkScanner.scan(layerOf(apkScanner, [['lib/apk/db/installed', '']])), []);
  });

  it('reports nothing for a layer without the database', async () => {
    assert.deepEqual(await apkScanner.scan(layerOf(apkScanner, [['etc/os-release', 'ID=alpine\n']])), []);
  });
});
