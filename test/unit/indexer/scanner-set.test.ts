import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apkScanner } from '../../../lib/ecosystems/alpine/apk-scanner.ts';
import { debianDistributionScanner } from '../../../lib/ecosystems/debian/distribution-scanner.ts';
import { distrolessScanner } from '../../../lib/ecosystems/debian/distroless-scanner.ts';
import { dpkgScanner } from '../../../lib/ecosystems/debian/dpkg-scanner.ts';
import { ECOSYSTEMS } from '../../../lib/ecosystems/index.ts';
import { linuxCoalescer } from '../../../lib/indexer/linux-coalescer.ts';
import { scannerSet } from '../../../lib/indexer/scanner-set.ts';
import type { AnyScanner, Coalescer, Ecosystem, PackageScanner } from '../../../lib/indexer/types.ts';
import { whiteoutScanner } from '../../../lib/indexer/whiteout.ts';

const inventory = (scanners: readonly AnyScanner[]) =>
  scanners
    .map((s) => ({ kind: s.kind, name: s.name, version: s.version }))
    .sort((a, b) => (`${a.kind} ${a.name}` < `${b.kind} ${b.name}` ? -1 : 1));

/** An ecosystem of the given scanners, for building sets the registry does not have. */
function ecosystem(
  name: string,
  scanners: readonly AnyScanner[],
  coalescer: Coalescer = linuxCoalescer,
): Ecosystem {
  return {
    name,
    packageScanners: scanners.filter((s) => s.kind === 'package'),
    distributionScanners: scanners.filter((s) => s.kind === 'distribution'),
    repositoryScanners: scanners.filter((s) => s.kind === 'repository'),
    coalescer,
  };
}

/** The registry with one scanner replaced by another of the same kind and name. */
function replacing(old: AnyScanner, next: AnyScanner): Ecosystem[] {
  const swap = <T extends AnyScanner>(list: readonly T[]): T[] =>
    list.map((s) => (s === old ? (next as T) : s));
  return ECOSYSTEMS.map((e) => ({
    ...e,
    packageScanners: swap(e.packageScanners),
    distributionScanners: swap(e.distributionScanners),
    repositoryScanners: swap(e.repositoryScanners),
  }));
}

describe('scanner set', () => {
  it('runs each scanner of the registry once, named and versioned as the golden list says', () => {
    const want = JSON.parse(
      readFileSync(join(import.meta.dirname, 'testdata', 'scanners.want.json'), 'utf8'),
    );
    assert.deepEqual(inventory(scannerSet(ECOSYSTEMS).scanners), want);
  });

  it('holds each scanner object once though ecosystems share it', () => {
    const { scanners } = scannerSet(ECOSYSTEMS);
    assert.equal(new Set(scanners).size, scanners.length);
    assert.equal(new Set(scanners.map((s) => `${s.kind}/${s.name}`)).size, scanners.length);
    assert.equal(scanners.filter((s) => s === dpkgScanner).length, 1);
  });

  it('includes every scanner of every registered ecosystem', () => {
    const { scanners } = scannerSet(ECOSYSTEMS);
    for (const e of ECOSYSTEMS) {
      for (const s of [...e.packageScanners, ...e.distributionScanners, ...e.repositoryScanners]) {
        assert.ok(scanners.includes(s), `${e.name}: ${s.kind} scanner ${s.name}`);
      }
    }
  });

  it('always includes the whiteout scanner', () => {
    assert.ok(scannerSet(ECOSYSTEMS).scanners.includes(whiteoutScanner));
    assert.deepEqual(scannerSet([]).scanners, [whiteoutScanner]);
  });

  it('groups scanners by coalescer, leaving the whiteout scanner out of every group', () => {
    const other: Coalescer = (layers) => linuxCoalescer(layers);
    const set = scannerSet([ecosystem('a', [dpkgScanner]), ecosystem('b', [apkScanner], other)]);
    assert.deepEqual(
      set.groups.map((g) => [g.coalescer, g.scanners.map((s) => s.name)]),
      [
        [linuxCoalescer, ['dpkg']],
        [other, ['apk']],
      ],
    );
  });

  it('puts ecosystems sharing a coalescer in one group, each scanner once', () => {
    const { groups } = scannerSet(ECOSYSTEMS);
    const coalescers = new Set(ECOSYSTEMS.flatMap((e) => (e.coalescer === undefined ? [] : [e.coalescer])));
    assert.equal(groups.length, coalescers.size);
    for (const g of groups) assert.equal(new Set(g.scanners).size, g.scanners.length);
  });

  it('gives the same state for the same scanners in any order', () => {
    const a = scannerSet(ECOSYSTEMS).state;
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.equal(scannerSet([...ECOSYSTEMS].reverse()).state, a);
    assert.equal(scannerSet(ECOSYSTEMS).state, a);
  });

  it('changes the state when a scanner version changes', () => {
    const bumped = { ...dpkgScanner, version: `${dpkgScanner.version}1` };
    assert.notEqual(scannerSet(replacing(dpkgScanner, bumped)).state, scannerSet(ECOSYSTEMS).state);
  });

  it('changes the state when a scanner is added or removed', () => {
    const base = scannerSet([ecosystem('debian', [dpkgScanner])]).state;
    assert.notEqual(scannerSet([ecosystem('debian', [dpkgScanner, distrolessScanner])]).state, base);
    assert.notEqual(scannerSet([]).state, base);
  });

  it('keeps the state when only a scanner object changes, not its name, kind or version', () => {
    const copy = { ...dpkgScanner };
    assert.equal(scannerSet(replacing(dpkgScanner, copy)).state, scannerSet(ECOSYSTEMS).state);
  });

  it('allows scanners of different kinds to share a name', () => {
    const distribution = { ...debianDistributionScanner, name: 'dpkg' };
    const set = scannerSet([ecosystem('a', [dpkgScanner, distribution])]);
    assert.equal(set.scanners.filter((s) => s.name === 'dpkg').length, 2);
  });

  it('rejects two different scanners of one kind with the same name', () => {
    const impostor: PackageScanner = { ...dpkgScanner, version: '99' };
    assert.throws(() => scannerSet([ecosystem('debian', [dpkgScanner]), ecosystem('impostor', [impostor])]), {
      message: 'ecosystem impostor: two different package scanners are named dpkg',
    });
  });

  it('rejects a same-named copy even when its version is the same', () => {
    assert.throws(
      () => scannerSet([ecosystem('a', [dpkgScanner]), ecosystem('b', [{ ...dpkgScanner }])]),
      /named dpkg/,
    );
  });
});
