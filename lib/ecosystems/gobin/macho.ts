// Mach-O (Apple's object format, thin files): segment load commands map addresses to the file, and
// Go's linker puts the build info in the `__go_buildinfo` section of `__DATA`.
import { InvalidInputError } from '../../errors.ts';
import { type Executable, fields, mappedReader, type RandomAccess, readExact } from './mapped-file.ts';

const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const READ_WRITE = 3;

type Segment = {
  name: string;
  address: number;
  offset: number;
  size: number;
  maxProtection: number;
  initialProtection: number;
};

/** A thin Mach-O file of either word size and byte order; ident holds at least its first 18 bytes. */
export function openMachO(file: RandomAccess, ident: Buffer): Executable {
  const is64 = ident[0] === 0xcf || ident[3] === 0xcf;
  const f = fields(ident[0] !== 0xfe);
  const headerSize = is64 ? 32 : 28;
  const header = readExact(file, 0, headerSize, 'Mach-O header');
  const count = f.u32(header, 16);
  const commands = readExact(file, headerSize, f.u32(header, 20), 'Mach-O load commands');
  const segments: Segment[] = [];
  let buildInfo: number | undefined;
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
        if (cString(c, sec) === '__go_buildinfo') buildInfo ??= word(c, sec + 32);
      }
    }
    at += size;
  }
  const writable = segments.find(
    (s) =>
      s.address !== 0 && s.size !== 0 && s.initialProtection === READ_WRITE && s.maxProtection === READ_WRITE,
  );
  return {
    dataStart: buildInfo ?? writable?.address,
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
