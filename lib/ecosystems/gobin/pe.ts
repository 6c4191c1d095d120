// PE/COFF (Microsoft's Portable Executable format): sections map relative virtual addresses to the
// file; Go's linker puts the build info at the start of the first writable data section.
import { InvalidInputError } from '../../errors.ts';
import { type Executable, fields, mappedReader, type RandomAccess, readExact } from './mapped-file.ts';

const PE32 = 0x10b;
const PE32_PLUS = 0x20b;
const SECTION_SIZE = 40;
// Initialized data, readable and writable; alignment bits aside, exactly what Go's reader asks for.
const DATA = (0x00000040 | 0x40000000 | 0x80000000) >>> 0;
const ALIGN_32_BYTES = 0x00600000;

/** A PE image; undefined for an `MZ` file with no PE header (a DOS program). */
export function openPe(file: RandomAccess): Executable | undefined {
  const f = fields(true);
  const dos = readExact(file, 0, 0x40, 'DOS header');
  const peAt = f.u32(dos, 0x3c);
  const signature = file.read(peAt, 4);
  if (signature.length < 4 || !signature.equals(Buffer.from('PE\0\0', 'latin1'))) return undefined;
  const coff = readExact(file, peAt + 4, 20, 'COFF header');
  const sectionCount = f.u16(coff, 2);
  const optionalSize = f.u16(coff, 16);
  const optional = readExact(file, peAt + 24, optionalSize, 'PE optional header');
  const magic = optionalSize >= 2 ? f.u16(optional, 0) : 0;
  let imageBase: number;
  if (magic === PE32 && optionalSize >= 32) imageBase = f.u32(optional, 28);
  else if (magic === PE32_PLUS && optionalSize >= 32) imageBase = f.u64(optional, 24);
  else
    throw new InvalidInputError(
      `PE optional header magic 0x${magic.toString(16)} (${optionalSize} bytes) is not PE32 or PE32+`,
    );
  const table = readExact(file, peAt + 24 + optionalSize, sectionCount * SECTION_SIZE, 'PE section table');
  const sections = Array.from({ length: sectionCount }, (_, i) => {
    const at = i * SECTION_SIZE;
    return {
      // The size in the file, as Go's debug/pe reads a section's data.
      address: imageBase + f.u32(table, at + 12),
      size: f.u32(table, at + 16),
      // Its size in memory: how far Go searches the data section for the build info.
      memorySize: f.u32(table, at + 8),
      offset: f.u32(table, at + 20),
      characteristics: f.u32(table, at + 36),
      name: 'PE section',
    };
  });
  const data = sections.find(
    (s) => s.address !== imageBase && s.size !== 0 && (s.characteristics & ~ALIGN_32_BYTES) >>> 0 === DATA,
  );
  return {
    data: data && { address: data.address, size: data.memorySize },
    readData: mappedReader(file, sections),
  };
}
