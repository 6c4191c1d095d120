// Mach-O (Apple's object format, thin files): segment load commands map addresses to the file, and
// Go's linker puts the build info in the `__go_buildinfo` section of `__DATA`.
import { InvalidInputError } from '../../errors.ts';
import { type Executable, fields, mappedReader, type RandomAccess, readExact } from './mapped-file.ts';

const FAT_MAGIC = 0xcafebabe;
const FAT_ARCH_SIZE = 20;
// Java class files share the fat magic; their version there reads as 45 or more "architectures".
const MAX_FAT_ARCHS = 20;
const THIN_MAGICS = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe]);
const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const READ_WRITE = 3;

type Segment = {
  name: string;
  address: number;
  offset: number;
  /** The bytes in the file; memorySize those in memory. */
  size: number;
  memorySize: number;
  maxProtection: number;
  initialProtection: number;
};

/**
 * The first architecture of a fat (universal) Mach-O file, as lipo makes them; undefined for a
 * file that only shares the magic. Its slices are built from the same source, so one tells.
 */
export function openFatMachO(file: RandomAccess): Executable | undefined {
  const f = fields(false);
  const header = readExact(file, 0, 8, 'Mach-O fat header');
  if (f.u32(header, 0) !== FAT_MAGIC) return undefined;
  const count = f.u32(header, 4);
  if (count === 0 || count >= MAX_FAT_ARCHS) return undefined;
  const arch = readExact(file, 8, FAT_ARCH_SIZE, 'Mach-O fat architecture');
  const offset = f.u32(arch, 8);
  const size = f.u32(arch, 12);
  if (offset + size > file.size) {
    throw new InvalidInputError(
      `Mach-O fat slice (${size} bytes at offset ${offset}) runs past the end of the ${file.size}-byte file`,
    );
  }
  const slice: RandomAccess = {
    size,
    read: (at, length) => file.read(offset + at, Math.max(0, Math.min(length, size - at))),
  };
  const ident = readExact(slice, 0, 4, 'Mach-O fat slice header');
  if (!THIN_MAGICS.has(ident.readUInt32BE(0)))
    throw new InvalidInputError('Mach-O fat slice is not a Mach-O file');
  return openMachO(slice, ident);
}

/** A thin Mach-O file of either word size and byte order; ident holds at least its first 18 bytes. */
export function openMachO(file: RandomAccess, ident: Buffer): Executable {
  const is64 = ident[0] === 0xcf || ident[3] === 0xcf;
  const f = fields(ident[0] !== 0xfe);
  const headerSize = is64 ? 32 : 28;
  const header = readExact(file, 0, headerSize, 'Mach-O header');
  const count = f.u32(header, 16);
  const commands = readExact(file, headerSize, f.u32(header, 20), 'Mach-O load commands');
  const segments: Segment[] = [];
  let buildInfo: { address: number; size: number } | undefined;
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 8 > commands.length)
      throw new InvalidInputError(`Mach-O load command ${i} is past the commands' end`);
    const cmd = f.u32(commands, at);
    const size = f.u32(commands, at + 4);
    if (size < 8 || at + size > commands.length) {
      throw new InvalidInputError(`Mach-O load command ${i} has size ${size}, outside the commands`);
    }
    const c = commands.subarray(at, at + size);
    if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT) {
      const wide = cmd === LC_SEGMENT_64;
      const [fixed, sectionSize] = wide ? [72, 80] : [56, 68];
      if (size < fixed)
        throw new InvalidInputError(`Mach-O segment command ${i} is too short (${size} bytes)`);
      const word = wide ? f.u64 : f.u32;
      const w = wide ? 8 : 4;
      segments.push({
        name: cString(c, 8),
        address: word(c, 24),
        memorySize: word(c, 24 + w),
        offset: word(c, 24 + 2 * w),
        size: word(c, 24 + 3 * w),
        maxProtection: f.u32(c, 24 + 4 * w),
        initialProtection: f.u32(c, 28 + 4 * w),
      });
      const sections = f.u32(c, 32 + 4 * w);
      if (fixed + sections * sectionSize > size) {
        throw new InvalidInputError(`Mach-O segment command ${i} holds fewer than its ${sections} sections`);
      }
      for (let s = 0; s < sections; s++) {
        const sec = fixed + s * sectionSize;
        if (cString(c, sec) === '__go_buildinfo')
          buildInfo ??= { address: word(c, sec + 32), size: word(c, sec + 32 + w) };
      }
    }
    at += size;
  }
  const writable = segments.find(
    (s) =>
      s.address !== 0 && s.size !== 0 && s.initialProtection === READ_WRITE && s.maxProtection === READ_WRITE,
  );
  return {
    data: buildInfo ?? (writable && { address: writable.address, size: writable.memorySize }),
    // The zero page maps address 0 and up to nothing in the file.
    readData: mappedReader(
      file,
      segments
        .filter((s) => s.name !== '__PAGEZERO')
        .map((s) => ({ ...s, name: `Mach-O segment ${s.name}` })),
    ),
  };
}

function cString(b: Buffer, at: number): string {
  const end = b.indexOf(0, at);
  return b.toString('latin1', at, end === -1 || end > at + 16 ? at + 16 : end);
}
