import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gobinPackageScanner } from '../../../../lib/ecosystems/gobin/package-scanner.ts';
import { layerFiles } from '../../../../lib/indexer/layer-files.ts';
import { captureLog } from '../../../helpers/log.ts';
import { named } from './go-binaries.ts';

// Files made by hand the way a hostile image would: lengths in their headers claim more than any
// real binary holds. The large ones are sparse, so they cost nothing until read.
const dir = mkdtempSync(join(tmpdir(), 'clairless-gobin-crafted-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 2 ** 20;
// The data segment of every crafted ELF file: at this file offset and virtual address.
const DATA_OFFSET = 0x1000;
const DATA_ADDRESS = 0x10000;

type ElfSpec = {
  /** Bytes at file offsets; the data segment starts at DATA_OFFSET. */
  readonly parts: readonly (readonly [offset: number, bytes: Buffer])[];
  /** The file's length; the data segment runs from DATA_OFFSET to it. */
  readonly size: number;
  readonly dataAddress?: number;
  readonly programHeaders?: { readonly entrySize: number; readonly count: number };
  readonly sectionHeaders?: { readonly offset: number; readonly count: number; readonly namesIndex: number };
};

let made = 0;
/** A little-endian ELF64 executable written sparsely to a temp file: one writable PT_LOAD holding the data. */
function elfFile(spec: ElfSpec): string {
  const { entrySize = 56, count = 1 } = spec.programHeaders ?? {};
  const header = Buffer.alloc(64 + 56);
  header.write('\x7fELF', 0, 'latin1');
  header[4] = 2;
  header[5] = 1;
  header[6] = 1;
  header.writeUInt16LE(2, 0x10); // ET_EXEC
  header.writeUInt16LE(62, 0x12);
  header.writeUInt32LE(1, 0x14);
  header.writeBigUInt64LE(64n, 0x20);
  header.writeBigUInt64LE(BigInt(spec.sectionHeaders?.offset ?? 0), 0x28);
  header.writeUInt16LE(64, 0x34);
  header.writeUInt16LE(entrySize, 0x36);
  header.writeUInt16LE(count, 0x38);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(spec.sectionHeaders?.count ?? 0, 0x3c);
  header.writeUInt16LE(spec.sectionHeaders?.namesIndex ?? 0, 0x3e);
  const address = BigInt(spec.dataAddress ?? DATA_ADDRESS);
  const length = BigInt(spec.size - DATA_OFFSET);
  header.writeUInt32LE(1, 64); // PT_LOAD
  header.writeUInt32LE(6, 68); // readable, writable
  header.writeBigUInt64LE(BigInt(DATA_OFFSET), 72);
  header.writeBigUInt64LE(address, 80);
  header.writeBigUInt64LE(address, 88);
  header.writeBigUInt64LE(length, 96);
  header.writeBigUInt64LE(length, 104);
  const path = join(dir, `elf-${made++}`);
  const fd = openSync(path, 'w');
  try {
    for (const [offset, bytes] of [[0, header] as const, ...spec.parts])
      writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
  truncateSync(path, spec.size);
  return path;
}

function uvarint(n: number): Buffer {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return Buffer.from(out);
}

/** A build info header of Go 1.18 and later, followed by the version and the length of the module text. */
function inlineHeader(version: string, modLength: number): Buffer {
  const header = Buffer.alloc(32);
  header.write('\xff Go buildinf:', 0, 'latin1');
  header[14] = 8;
  header[15] = 2;
  return Buffer.concat([header, uvarint(version.length), Buffer.from(version), uvarint(modLength)]);
}

/** Module text between its 16-byte sentinels, as the linker frames it. */
function framed(text: string): Buffer {
  return Buffer.concat([Buffer.alloc(16, '0'), Buffer.from(text), Buffer.alloc(16, '1')]);
}

/** An ELF file whose build info (inline strings) is at DATA_ADDRESS + at, nothing else in its data. */
function inlineElf(modText: string, at = 0): string {
  const mod = framed(modText);
  const bytes = Buffer.concat([inlineHeader('go1.21.0', mod.length), mod]);
  return elfFile({ parts: [[DATA_OFFSET + at, bytes]], size: DATA_OFFSET + at + bytes.length });
}

async function scan(file: string) {
  const entry = {
    path: 'usr/bin/app',
    type: 'file' as const,
    size: statSync(file).size,
    linkTarget: '',
    file,
  };
  const { log, entries } = captureLog();
  const packages = await gobinPackageScanner.scan(layerFiles(new Map([[entry.path, entry]])), {
    config: {},
    signal: AbortSignal.timeout(60_000),
    log,
  });
  const warnings = entries.filter((e) => e.level === 'warn').map((e) => [e.msg, e.path, e.reason]);
  return { packages, warnings };
}

const skipped = (reason: string) => [['gobin executable skipped', 'usr/bin/app', reason]];

describe('gobin package scanner, crafted binaries', () => {
  it('skips a binary whose module text claims 600 MiB, with a warning, before reading it', async () => {
    const length = 600 * MiB;
    const header = inlineHeader('go1.21.0', length);
    // Framed as module text is: a newline 17 bytes from its end.
    const file = elfFile({
      parts: [
        [DATA_OFFSET, header],
        [DATA_OFFSET + header.length + length - 17, Buffer.from('\n')],
      ],
      size: DATA_OFFSET + header.length + length,
    });

    assert.deepEqual(await scan(file), {
      packages: [],
      warnings: skipped(`Go build info module text is ${length} bytes, larger than the 16777216-byte limit`),
    });
  });

  it('skips a binary whose version string claims 20 MiB', async () => {
    const length = 20 * MiB;
    const header = inlineHeader('', 0).subarray(0, 32);
    const file = elfFile({
      parts: [[DATA_OFFSET, Buffer.concat([header, uvarint(length)])]],
      size: DATA_OFFSET + 64 + length,
    });

    assert.deepEqual(await scan(file), {
      packages: [],
      warnings: skipped(`Go build info version is ${length} bytes, larger than the 16777216-byte limit`),
    });
  });

  it('skips a binary of Go before 1.18 whose module text pointer claims 20 MiB', async () => {
    const length = 20 * MiB;
    const data = Buffer.alloc(0x100);
    data.write('\xff Go buildinf:', 0, 'latin1');
    data[14] = 8;
    data[15] = 0; // pointers, little-endian
    data.writeBigUInt64LE(BigInt(DATA_ADDRESS + 0x40), 16);
    data.writeBigUInt64LE(BigInt(DATA_ADDRESS + 0x60), 24);
    data.writeBigUInt64LE(BigInt(DATA_ADDRESS + 0x80), 0x40);
    data.writeBigUInt64LE(8n, 0x48);
    data.write('go1.17.1', 0x80);
    data.writeBigUInt64LE(BigInt(DATA_ADDRESS + 0x100), 0x60);
    data.writeBigUInt64LE(BigInt(length), 0x68);
    const file = elfFile({ parts: [[DATA_OFFSET, data]], size: DATA_OFFSET + 0x100 + length });

    assert.deepEqual(await scan(file), {
      packages: [],
      warnings: skipped(`Go build info module text is ${length} bytes, larger than the 16777216-byte limit`),
    });
  });

  it('skips a binary whose section name table claims 1 GiB', async () => {
    // Section 0 is null; section 1, the name table, starts after the data and runs 1 GiB.
    const sections = Buffer.alloc(2 * 64);
    sections.writeBigUInt64LE(BigInt(0x2000), 64 + 24);
    sections.writeBigUInt64LE(BigInt(2 ** 30), 64 + 32);
    const file = elfFile({
      parts: [[0x800, sections]],
      size: 0x2000 + 2 ** 30,
      sectionHeaders: { offset: 0x800, count: 2, namesIndex: 1 },
    });

    assert.deepEqual(await scan(file), {
      packages: [],
      warnings: skipped(
        'ELF section name table (1073741824 bytes at offset 8192) is larger than the 1048576-byte limit',
      ),
    });
  });

  it('skips a binary whose section header table counts 2^20 sections (extended numbering)', async () => {
    // No count in the ELF header: section 0's size holds it.
    const first = Buffer.alloc(64);
    first.writeBigUInt64LE(BigInt(MiB), 32);
    const file = elfFile({
      parts: [[0x800, first]],
      size: 0x800 + 64 * MiB,
      sectionHeaders: { offset: 0x800, count: 0, namesIndex: 0 },
    });

    assert.deepEqual(await scan(file), {
      packages: [],
      warnings: skipped(
        'ELF section headers (67108864 bytes at offset 2048) is larger than the 16777216-byte limit',
      ),
    });
  });

  it('skips a binary whose program header table is 20,000 entries of 1 KiB', async () => {
    const file = elfFile({
      parts: [],
      size: 64 + 20_000 * 1024,
      programHeaders: { entrySize: 1024, count: 20_000 },
    });

    assert.deepEqual(await scan(file), {
      packages: [],
      warnings: skipped(
        'ELF program headers (20480000 bytes at offset 64) is larger than the 16777216-byte limit',
      ),
    });
  });

  it('skips a Mach-O binary whose load commands claim 32 MiB', async () => {
    const header = Buffer.alloc(32);
    header.writeUInt32LE(0xfeedfacf, 0);
    header.writeUInt32LE(0x01000007, 4);
    header.writeUInt32LE(2, 12); // MH_EXECUTE
    header.writeUInt32LE(1, 16);
    header.writeUInt32LE(32 * MiB, 20);
    const path = join(dir, 'macho');
    const fd = openSync(path, 'w');
    writeSync(fd, header);
    closeSync(fd);
    truncateSync(path, 32 + 32 * MiB);

    assert.deepEqual(await scan(path), {
      packages: [],
      warnings: skipped(
        'Mach-O load commands (33554432 bytes at offset 32) is larger than the 16777216-byte limit',
      ),
    });
  });

  it('reads a binary with 100,000 dependencies, and skips one with 130,000', async () => {
    const deps = (n: number) => 'dep\texample.com/m\tv1.0.0\t\n'.repeat(n);
    const many = await scan(inlineElf(`path\tx\nmod\tx\tv1.0.0\t\n${deps(100_000)}`));
    assert.equal(many.packages.length, 100_002);
    assert.deepEqual(many.warnings, []);

    assert.deepEqual(await scan(inlineElf(`path\tx\nmod\tx\tv1.0.0\t\n${deps(130_000)}`)), {
      packages: [],
      warnings: skipped('Go build info names 130000 dependencies, more than 100000'),
    });
  });
});

describe('gobin package scanner, search for the build info', () => {
  const MOD = 'path\tx\nmod\tx\tv1.0.0\t\n';
  const PACKAGES = [
    ['stdlib', '1.21.0'],
    ['x', 'v1.0.0'],
  ];

  it('finds the build info at an aligned address in a segment starting at an unaligned one', async () => {
    const mod = framed(MOD);
    const info = Buffer.concat([inlineHeader('go1.21.0', mod.length), mod]);
    // The segment starts 8 bytes past a multiple of 16, so the header is 40 bytes into it.
    const file = elfFile({
      parts: [[DATA_OFFSET + 40, info]],
      dataAddress: DATA_ADDRESS - 8,
      size: DATA_OFFSET + 40 + info.length,
    });

    assert.deepEqual(named((await scan(file)).packages), PACKAGES);
  });

  for (const at of [200 * 1024, 2 * MiB + 0x40]) {
    it(`finds the build info ${at} bytes into the data segment`, async () => {
      assert.deepEqual(named((await scan(inlineElf(MOD, at))).packages), PACKAGES);
    });
  }

  it('reports nothing for a binary whose .go.buildinfo section is empty, as Go', async () => {
    const names = Buffer.from('\0.shstrtab\0.go.buildinfo\0');
    const sections = Buffer.alloc(3 * 64);
    sections.writeUInt32LE(1, 64);
    sections.writeBigUInt64LE(BigInt(0x900), 64 + 24);
    sections.writeBigUInt64LE(BigInt(names.length), 64 + 32);
    sections.writeUInt32LE(11, 128);
    sections.writeBigUInt64LE(BigInt(DATA_ADDRESS), 128 + 16);
    const mod = framed(MOD);
    const info = Buffer.concat([inlineHeader('go1.21.0', mod.length), mod]);
    const file = elfFile({
      parts: [
        [0x800, sections],
        [0x900, names],
        [DATA_OFFSET, info],
      ],
      size: DATA_OFFSET + info.length,
      sectionHeaders: { offset: 0x800, count: 3, namesIndex: 1 },
    });

    assert.deepEqual(await scan(file), { packages: [], warnings: [] });
  });
});
