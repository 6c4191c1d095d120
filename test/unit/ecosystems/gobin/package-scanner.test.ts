import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import { gobinPackageScanner } from '../../../../lib/ecosystems/gobin/package-scanner.ts';
import {
  GO_REPOSITORY,
  gobinRepositoryScanner,
} from '../../../../lib/ecosystems/gobin/repository-scanner.ts';
import type { ScanContext } from '../../../../lib/indexer/types.ts';
import { captureLog } from '../../../helpers/log.ts';
import { tarLayers } from '../../../helpers/tar-layer.ts';
import { buildOwnerDatabases, type OwnerDatabases } from '../rpm/owned-files-fixtures.ts';
import { SKIP_MESSAGE as RPM_SKIP_MESSAGE, rpmToolsInstalled } from '../rpm/rpmdb-fixtures.ts';
import {
  buildGoBinaries,
  buildLinkedVariants,
  EXTERNAL_LINK_SKIP,
  fatMachO,
  fromGoVersionM,
  GO_BUILD_SKIP,
  type GoBuilds,
  goInstalled,
  goVersionM,
  type LayerEntrySpec,
  type LinkedBuilds,
  layerTar,
  named,
  TARGETS,
  withoutSectionHeaders,
} from './go-binaries.ts';

const scanners = [gobinPackageScanner, gobinRepositoryScanner];
// Built on first use, once for the whole file.
let built: GoBuilds | undefined;
const builds = (): GoBuilds => {
  built ??= buildGoBinaries();
  return built;
};
after(() => built?.cleanup());
const layers = tarLayers(scanners);

async function scan(entries: Readonly<Record<string, LayerEntrySpec>>) {
  const files = layers.of(layerTar(entries));
  const { log, entries: logged } = captureLog();
  const ctx: ScanContext = { config: {}, signal: AbortSignal.timeout(60_000), log };
  const packages = await gobinPackageScanner.scan(files, ctx);
  const repositories = await gobinRepositoryScanner.scan(files, ctx);
  const warnings = logged.filter((e) => e.level === 'warn');
  return { packages, repositories, warnings };
}

const ELF = 'ELF';

/** The executable format and word size the first bytes of a binary announce. */
function formatOf(path: string): string {
  const head = readFileSync(path).subarray(0, 8);
  if (head.subarray(1, 4).toString('latin1') === ELF) return `ELF${head[4] === 1 ? 32 : 64}`;
  if (head.subarray(0, 2).toString('latin1') === 'MZ') return 'PE';
  return head.readUInt32LE(0) === 0xfeedfacf ? 'Mach-O 64' : 'unknown';
}

describe('gobin package scanner', () => {
  afterEach(() => layers.disposeAll());

  it("is claircore's gobin package scanner, version 8", () => {
    assert.deepEqual(
      [gobinPackageScanner.name, gobinPackageScanner.version, gobinPackageScanner.kind],
      ['gobin', '8', 'package'],
    );
  });

  it('wants regular files with an execute bit on disk, hard links to them, and rpm databases', () => {
    const cases: [path: string, type: 'file' | 'dir' | 'hardlink' | 'symlink', mode: number, want: string][] =
      [
        ['usr/local/bin/app', 'file', 0o755, 'file'],
        ['usr/local/bin/app', 'file', 0o100, 'file'],
        ['usr/local/bin/app', 'file', 0o001, 'file'],
        ['usr/local/bin/app', 'file', 0o644, 'none'],
        ['usr/local/bin/.wh.app', 'file', 0o755, 'none'],
        ['usr/local/bin', 'dir', 0o755, 'none'],
        ['usr/local/bin/link', 'symlink', 0o777, 'none'],
        ['usr/local/bin/other', 'hardlink', 0o755, 'presence'],
        ['var/lib/rpm/rpmdb.sqlite', 'file', 0o644, 'file'],
      ];
    for (const [path, type, mode, want] of cases) {
      assert.equal(gobinPackageScanner.wants(path, type, mode), want, `${path} ${type} ${mode.toString(8)}`);
    }
  });

  const REGISTRY = '/usr/bin/docker-registry';
  it("reads Debian's docker-registry: the toolchain it was built with, and a main module outside module mode", {
    skip: existsSync(REGISTRY) ? false : `${REGISTRY} absent: apt-get install docker-registry`,
  }, async () => {
    const { packages, repositories, warnings } = await scan({
      'usr/bin/docker-registry': { from: REGISTRY, mode: 0o755 },
    });

    // Built-Using names the Debian toolchain package, e.g. `golang-1.19 (= 1.19.8-2)`.
    const builtUsing = execFileSync(
      'dpkg-query',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format
      ['-W', '-f', '${Built-Using}', 'docker-registry'],
      { encoding: 'utf8' },
    );
    const toolchain = /golang-1\.\d+ \(= (?:\d+:)?([^)\s-]+)(?:-[^)\s]+)?\)/.exec(builtUsing)?.[1];
    assert.ok(toolchain, `no golang-1.xx in Built-Using: ${builtUsing}`);
    const stdlib = packages.find((p) => p.name === 'stdlib');
    assert.equal(stdlib?.version, toolchain);
    const [major, minor, patch] = toolchain.split('.').map(Number);
    assert.deepEqual(stdlib?.normalizedVersion, {
      kind: 'semver',
      v: [0, major, minor, patch ?? 0, 0, 0, 0, 0, 0, 0],
    });
    assert.deepEqual(
      packages.map((p) => [p.packageDb, p.filepath, p.kind]),
      packages.map(() => ['go:usr/bin/docker-registry', 'usr/bin/docker-registry', 'binary']),
    );
    if (goInstalled()) assert.deepEqual(named(packages), fromGoVersionM(goVersionM(REGISTRY)));
    // A GOPATH-mode build has a `path` line and no `mod` line: claircore names it as go does a command-line build.
    assert.deepEqual(named(packages.filter((p) => p.name !== 'stdlib')), [
      ['command-line-arguments', '(devel)'],
    ]);
    assert.deepEqual(repositories, [GO_REPOSITORY]);
    assert.deepEqual(warnings, []);
  });

  describe('binaries built by the installed go', { skip: GO_BUILD_SKIP }, () => {
    const FORMATS: Record<(typeof TARGETS)[number], string> = {
      'linux/amd64': 'ELF64',
      'linux/386': 'ELF32',
      'windows/amd64': 'PE',
      'darwin/amd64': 'Mach-O 64',
      'darwin/arm64': 'Mach-O 64',
    };
    for (const target of TARGETS) {
      it(`reads a ${target} binary (${FORMATS[target]}) as go version -m does, the replaced dependency replaced`, async () => {
        const binary = builds().binaries.get(target) as string;
        assert.equal(formatOf(binary), FORMATS[target]);
        const { packages, repositories, warnings } = await scan({
          'usr/local/bin/hello': { from: binary, mode: 0o755 },
        });

        const printed = goVersionM(binary);
        assert.deepEqual(named(packages), fromGoVersionM(printed));
        const stdlib = printed.goVersion.replace(/^go/, '');
        assert.deepEqual(
          packages.map((p) => [p.name, p.version, p.normalizedVersion?.v.slice(0, 4)]),
          [
            ['../greet', '(devel)', undefined],
            ['example.com/hello', '(devel)', undefined],
            ['example.com/pseudo', 'v1.2.4-0.20200102030405-abcdefabcdef', [0, 1, 2, 4]],
            ['example.com/quote', 'v1.5.2', [0, 1, 5, 2]],
            ['stdlib', stdlib, [0, ...stdlib.split('.').map(Number)]],
          ],
        );
        assert.ok(
          packages.every(
            (p) => p.packageDb === 'go:usr/local/bin/hello' && p.filepath === 'usr/local/bin/hello',
          ),
        );
        assert.deepEqual(repositories, [GO_REPOSITORY]);
        assert.deepEqual(warnings, []);
      });
    }

    it('reads the first slice of a fat Mach-O file made of the darwin/amd64 and darwin/arm64 binaries', async () => {
      const amd64 = builds().binaries.get('darwin/amd64') as string;
      const arm64 = builds().binaries.get('darwin/arm64') as string;
      const fat = fatMachO([
        ['darwin/amd64', amd64],
        ['darwin/arm64', arm64],
      ]);
      const { packages, warnings } = await scan({ 'Applications/hello': { bytes: fat, mode: 0o755 } });

      assert.deepEqual(named(packages), fromGoVersionM(goVersionM(amd64)));
      assert.deepEqual(warnings, []);
      // Cut inside the first slice, which the scanner reads.
      const cut = await scan({
        'Applications/hello': { bytes: fat.subarray(0, fat.length / 4), mode: 0o755 },
      });
      assert.deepEqual(
        cut.warnings.map((w) => [w.msg, w.path]),
        [['gobin executable skipped', 'Applications/hello']],
      );
    });

    it('names the version control state of a (devel) main module built in a git checkout', async () => {
      const { binary, revision, time } = builds().vcs;
      const { packages } = await scan({ 'usr/local/bin/hello': { from: binary, mode: 0o755 } });

      const main = packages.find((p) => p.name === 'example.com/hello');
      assert.equal(main?.version, `(devel) (git, commit ${revision}, built at ${time})`);
      assert.equal(main?.normalizedVersion, undefined);
      assert.deepEqual(named(packages), fromGoVersionM(goVersionM(binary), main?.version));
    });

    it('reports a hard link to a binary at both paths, and nothing for one without an execute bit', async () => {
      const binary = builds().binaries.get('linux/amd64') as string;
      const { packages } = await scan({
        'usr/local/bin/hello': { from: binary, mode: 0o755 },
        'usr/local/bin/hi': { hardlink: 'usr/local/bin/hello' },
        'usr/share/hello/copy': { from: binary, mode: 0o644 },
      });

      assert.deepEqual([...new Set(packages.map((p) => p.filepath))].sort(), [
        'usr/local/bin/hello',
        'usr/local/bin/hi',
      ]);
    });

    it('skips a binary cut in half with a warning naming it, reads the good one, and nothing of a non-Go ELF', {
      skip: existsSync('/bin/ls') ? false : '/bin/ls absent',
    }, async () => {
      const path = builds().binaries.get('linux/amd64') as string;
      const binary = readFileSync(path);
      const { packages, repositories, warnings } = await scan({
        'usr/local/bin/good': { bytes: binary, mode: 0o755 },
        'usr/local/bin/half': { bytes: binary.subarray(0, binary.length / 2), mode: 0o755 },
        'bin/ls': { from: '/bin/ls', mode: 0o755 },
      });

      assert.deepEqual([...new Set(packages.map((p) => p.filepath))], ['usr/local/bin/good']);
      assert.deepEqual(named(packages), fromGoVersionM(goVersionM(path)));
      assert.deepEqual(repositories, [GO_REPOSITORY]);
      assert.deepEqual(
        warnings.map((w) => [w.msg, w.path]),
        [['gobin executable skipped', 'usr/local/bin/half']],
      );
      assert.match(String(warnings[0]?.reason), /runs past the end of the \d+-byte file/);
    });

    for (const target of ['windows/amd64', 'darwin/arm64', 'linux/386'] as const) {
      it(`skips a ${target} binary cut in half with a warning`, async () => {
        const binary = readFileSync(builds().binaries.get(target) as string);
        const { packages, warnings } = await scan({
          'app/half': { bytes: binary.subarray(0, binary.length / 2), mode: 0o755 },
        });

        assert.deepEqual(packages, []);
        assert.deepEqual(
          warnings.map((w) => [w.msg, w.path]),
          [['gobin executable skipped', 'app/half']],
        );
      });
    }
  });

  it('reports nothing, and no repository, for a layer of non-Go executables', async () => {
    const { packages, repositories, warnings } = await scan({
      'usr/bin/script': { bytes: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
      'usr/bin/tiny': { bytes: Buffer.from('MZ'), mode: 0o755 },
      'usr/bin/dos': { bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), mode: 0o755 },
      // A Java class file (version 52) begins with the magic of a fat Mach-O file.
      'usr/bin/Main.class': { bytes: Buffer.from('cafebabe00000034001d0a0006000f09', 'hex'), mode: 0o755 },
      ...(existsSync('/bin/ls') ? { 'bin/ls': { from: '/bin/ls', mode: 0o755 } } : {}),
    });

    assert.deepEqual([packages, repositories, warnings], [[], [], []]);
  });
});

// Without section headers the build info is searched for in the first writable segment, as Go 1.23
// and later search it: from its first 16-byte-aligned address to its end.
describe('gobin package scanner, binaries without section headers', { skip: EXTERNAL_LINK_SKIP }, () => {
  let linked: LinkedBuilds | undefined;
  before(() => {
    linked = buildLinkedVariants();
  });
  after(() => linked?.cleanup());
  afterEach(() => layers.disposeAll());

  for (const [name, variant] of [
    ['linked by gcc (data segment at an unaligned address)', 'external'],
    ['linked by gcc as a PIE (build info ~470 KB into the data segment)', 'externalPie'],
  ] as const) {
    it(`reads a binary ${name} as go version -m reads it with its section headers`, async () => {
      const binary = (linked as LinkedBuilds)[variant];
      const { packages, warnings } = await scan({
        'usr/local/bin/hello': { bytes: withoutSectionHeaders(readFileSync(binary)), mode: 0o755 },
      });

      assert.deepEqual(named(packages), fromGoVersionM(goVersionM(binary)));
      assert.deepEqual(warnings, []);
    });
  }

  it("reports nothing for a PIE linked by Go, whose first writable segment ends before the build info, as Go's reader", async () => {
    const binary = (linked as LinkedBuilds).pie;
    const whole = await scan({ 'usr/local/bin/hello': { from: binary, mode: 0o755 } });
    const stripped = await scan({
      'usr/local/bin/hello': { bytes: withoutSectionHeaders(readFileSync(binary)), mode: 0o755 },
    });

    assert.deepEqual(named(whole.packages), fromGoVersionM(goVersionM(binary)));
    assert.deepEqual([stripped.packages, stripped.warnings], [[], []]);
  });
});

describe('gobin package scanner, with the files rpm packages own', () => {
  const skip = !rpmToolsInstalled() ? RPM_SKIP_MESSAGE : GO_BUILD_SKIP;
  let dbs: OwnerDatabases | undefined;
  before(() => {
    if (!skip) dbs = buildOwnerDatabases();
  });
  after(() => dbs?.cleanup());
  afterEach(() => layers.disposeAll());

  // clairless-owner owns usr/bin/tool (../rpm/testdata/owned-files/clairless-owner.spec).
  it('skips a binary an rpm package of the layer owns, and reads it in a layer without the database', {
    skip,
  }, async () => {
    const binary = builds().binaries.get('linux/amd64') as string;
    const binaries = {
      'usr/bin/tool': { from: binary, mode: 0o755 },
      'usr/local/bin/hello': { from: binary, mode: 0o755 },
    };
    const owned = await scan({
      'var/lib/rpm/rpmdb.sqlite': { from: (dbs as OwnerDatabases).sqlite, mode: 0o644 },
      ...binaries,
    });
    assert.deepEqual([...new Set(owned.packages.map((p) => p.filepath))], ['usr/local/bin/hello']);

    const unowned = await scan(binaries);
    assert.deepEqual([...new Set(unowned.packages.map((p) => p.filepath))].sort(), [
      'usr/bin/tool',
      'usr/local/bin/hello',
    ]);
  });
});

// The build info as Go toolchains before 1.18 wrote it: the header holds pointers to Go string
// headers in the data segment. No such toolchain is at hand, so these ELF files are made here,
// laid out as Go 1.17's linker lays them out (cmd/link/internal/ld/data.go, buildinfo).
describe('gobin package scanner, build info of toolchains before Go 1.18', () => {
  afterEach(() => layers.disposeAll());
  const SENTINEL_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
  const SENTINEL_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
  const MOD =
    'path\texample.com/old\nmod\texample.com/old\tv1.4.0\th1:abc=\ndep\tgolang.org/x/text\tv0.3.7\th1:def=\n';

  function pointerFormatElf(is64: boolean, littleEndian: boolean): Buffer {
    const word = is64 ? 8 : 4;
    const base = 0x10000;
    const version = Buffer.from('go1.17.13');
    const mod = Buffer.concat([SENTINEL_START, Buffer.from(MOD), SENTINEL_END]);
    const data = Buffer.alloc(0x200 + mod.length);
    const put = (at: number, value: number) => {
      if (is64)
        littleEndian ? data.writeBigUInt64LE(BigInt(value), at) : data.writeBigUInt64BE(BigInt(value), at);
      else littleEndian ? data.writeUInt32LE(value, at) : data.writeUInt32BE(value, at);
    };
    data.write('\xff Go buildinf:', 0, 'latin1');
    data[14] = word;
    data[15] = littleEndian ? 0 : 1;
    put(16, base + 0x40);
    put(16 + word, base + 0x60);
    put(0x40, base + 0x100);
    put(0x40 + word, version.length);
    put(0x60, base + 0x180);
    put(0x60 + word, mod.length);
    version.copy(data, 0x100);
    mod.copy(data, 0x180);

    const headerSize = is64 ? 64 : 52;
    const phSize = is64 ? 56 : 32;
    const offset = 0x1000;
    const file = Buffer.alloc(offset + data.length);
    const u16 = (v: number, at: number) =>
      littleEndian ? file.writeUInt16LE(v, at) : file.writeUInt16BE(v, at);
    const u32 = (v: number, at: number) =>
      littleEndian ? file.writeUInt32LE(v, at) : file.writeUInt32BE(v, at);
    const addr = (v: number, at: number) =>
      is64
        ? littleEndian
          ? file.writeBigUInt64LE(BigInt(v), at)
          : file.writeBigUInt64BE(BigInt(v), at)
        : u32(v, at);
    file.write('\x7fELF', 0, 'latin1');
    file[4] = is64 ? 2 : 1;
    file[5] = littleEndian ? 1 : 2;
    file[6] = 1;
    u16(2, 0x10); // ET_EXEC
    u16(is64 ? 62 : 8, 0x12); // x86-64, MIPS
    u32(1, 0x14);
    addr(headerSize, is64 ? 0x20 : 0x1c); // e_phoff; no section headers
    u16(headerSize, is64 ? 0x34 : 0x28);
    u16(phSize, is64 ? 0x36 : 0x2a);
    u16(1, is64 ? 0x38 : 0x2c);
    // One PT_LOAD, readable and writable, mapping the data at base.
    const ph = headerSize;
    u32(1, ph);
    if (is64) {
      u32(6, ph + 4);
      addr(offset, ph + 8);
      addr(base, ph + 16);
      addr(base, ph + 24);
      addr(data.length, ph + 32);
      addr(data.length, ph + 40);
    } else {
      u32(offset, ph + 4);
      u32(base, ph + 8);
      u32(base, ph + 12);
      u32(data.length, ph + 16);
      u32(data.length, ph + 20);
      u32(6, ph + 24);
    }
    data.copy(file, offset);
    return file;
  }

  for (const [is64, littleEndian] of [
    [true, true],
    [false, false],
  ] as const) {
    it(`follows the pointers of a ${is64 ? 64 : 32}-bit ${littleEndian ? 'little' : 'big'}-endian binary`, async () => {
      const { packages, warnings } = await scan({
        'usr/bin/old': { bytes: pointerFormatElf(is64, littleEndian), mode: 0o755 },
      });

      assert.deepEqual(named(packages), [
        ['example.com/old', 'v1.4.0'],
        ['golang.org/x/text', 'v0.3.7'],
        ['stdlib', '1.17.13'],
      ]);
      assert.deepEqual(
        packages.map((p) => p.normalizedVersion?.v.slice(0, 4)),
        [
          [0, 1, 4, 0],
          [0, 0, 3, 7],
          [0, 1, 17, 13],
        ],
      );
      assert.deepEqual(warnings, []);
    });
  }

  it('warns about a binary whose module text has a malformed line', async () => {
    const elf = pointerFormatElf(true, true);
    const at = elf.indexOf('dep\tgolang.org/x/text\tv0.3.7\th1:def=');
    elf.write('dep\tgolang.org/x/text v0.3.7 h1:def=', at, 'latin1');
    const { packages, warnings } = await scan({ 'usr/bin/old': { bytes: elf, mode: 0o755 } });

    assert.deepEqual(packages, []);
    assert.deepEqual(
      warnings.map((w) => [w.msg, w.path, w.reason]),
      [['gobin executable skipped', 'usr/bin/old', 'Go build info line 3: expected 2 or 3 columns, got 1']],
    );
  });
});
