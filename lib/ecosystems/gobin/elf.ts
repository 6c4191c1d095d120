// ELF (System V gABI): the program headers map addresses to the file, and the section headers
// name `.go.buildinfo`, where Go's linker puts the build info.
import { InvalidInputError } from '../../errors.ts';
import {
  type Executable,
  type Fields,
  fields,
  mappedReader,
  type RandomAccess,
  readExact,
} from './mapped-file.ts';

const ET_EXEC = 2;
const ET_DYN = 3;
const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
const SHN_XINDEX = 0xffff;
// Section names are short and few; a name table past this is crafted.
const MAX_SECTION_NAMES = 2 ** 20;

type Layout = {
  readonly phoff: number;
  readonly shoff: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly shstrndx: number;
};
/** size is the bytes in the file (p_filesz), memorySize those in memory (p_memsz). */
type Program = {
  type: number;
  flags: number;
  offset: number;
  address: number;
  size: number;
  memorySize: number;
};
type Section = { name: number; link: number; address: number; offset: number; size: number };

/** An ELF executable or shared object; undefined for other ELF files (objects, core dumps) and unknown classes. */
export function openElf(file: RandomAccess, ident: Buffer): Executable | undefined {
  const is64 = ident[4] === 2;
  if ((ident[4] !== 1 && !is64) || (ident[5] !== 1 && ident[5] !== 2)) return undefined;
  const f = fields(ident[5] === 1);
  const type = f.u16(ident, 0x10);
  if (type !== ET_EXEC && type !== ET_DYN) return undefined;
  const h = readExact(file, 0, is64 ? 64 : 52, 'ELF header');
  const layout: Layout = is64
    ? {
        phoff: f.u64(h, 0x20),
        shoff: f.u64(h, 0x28),
        phentsize: f.u16(h, 0x36),
        phnum: f.u16(h, 0x38),
        shentsize: f.u16(h, 0x3a),
        shnum: f.u16(h, 0x3c),
        shstrndx: f.u16(h, 0x3e),
      }
    : {
        phoff: f.u32(h, 0x1c),
        shoff: f.u32(h, 0x20),
        phentsize: f.u16(h, 0x2a),
        phnum: f.u16(h, 0x2c),
        shentsize: f.u16(h, 0x2e),
        shnum: f.u16(h, 0x30),
        shstrndx: f.u16(h, 0x32),
      };
  const programs = readPrograms(file, layout, is64, f);
  const sections = readSections(file, layout, is64, f);
  // As Go 1.23 and later: the section if named, even empty (then no Go binary), else the data segment.
  const buildInfo = sections.find((s) => s.name === '.go.buildinfo');
  const writableLoad = programs.find((p) => p.type === PT_LOAD && (p.flags & (PF_X | PF_W)) === PF_W);
  return {
    data: buildInfo ?? (writableLoad && { address: writableLoad.address, size: writableLoad.memorySize }),
    readData: mappedReader(
      file,
      programs.map((p) => ({ ...p, name: 'ELF segment' })),
    ),
  };
}

function readPrograms(file: RandomAccess, l: Layout, is64: boolean, f: Fields): Program[] {
  if (l.phnum === 0) return [];
  if (l.phentsize < (is64 ? 56 : 32))
    throw new InvalidInputError(`ELF program header size ${l.phentsize} is too small`);
  const table = readExact(file, l.phoff, l.phnum * l.phentsize, 'ELF program headers');
  const out: Program[] = [];
  for (let i = 0; i < l.phnum; i++) {
    const at = i * l.phentsize;
    out.push(
      is64
        ? {
            type: f.u32(table, at),
            flags: f.u32(table, at + 4),
            offset: f.u64(table, at + 8),
            address: f.u64(table, at + 16),
            size: f.u64(table, at + 32),
            memorySize: f.u64(table, at + 40),
          }
        : {
            type: f.u32(table, at),
            offset: f.u32(table, at + 4),
            address: f.u32(table, at + 8),
            size: f.u32(table, at + 16),
            memorySize: f.u32(table, at + 20),
            flags: f.u32(table, at + 24),
          },
    );
  }
  return out;
}

/** The section headers with their names; none when the file has no section header table. */
function readSections(
  file: RandomAccess,
  l: Layout,
  is64: boolean,
  f: Fields,
): { name: string; address: number; size: number }[] {
  if (l.shoff === 0) return [];
  if (l.shentsize < (is64 ? 64 : 40))
    throw new InvalidInputError(`ELF section header size ${l.shentsize} is too small`);
  const at = (table: Buffer, i: number): Section => {
    const o = i * l.shentsize;
    return is64
      ? {
          name: f.u32(table, o),
          address: f.u64(table, o + 16),
          offset: f.u64(table, o + 24),
          size: f.u64(table, o + 32),
          link: f.u32(table, o + 40),
        }
      : {
          name: f.u32(table, o),
          address: f.u32(table, o + 12),
          offset: f.u32(table, o + 16),
          size: f.u32(table, o + 20),
          link: f.u32(table, o + 24),
        };
  };
  // Past 0xff00 sections, the count and the names' index are kept in section 0 (gABI extended numbering).
  const first = at(readExact(file, l.shoff, l.shentsize, 'ELF section headers'), 0);
  const count = l.shnum === 0 ? first.size : l.shnum;
  const namesIndex = l.shstrndx === SHN_XINDEX ? first.link : l.shstrndx;
  const table = readExact(file, l.shoff, count * l.shentsize, 'ELF section headers');
  const sections = Array.from({ length: count }, (_, i) => at(table, i));
  const names = sections[namesIndex];
  if (names === undefined)
    throw new InvalidInputError(`ELF section name table ${namesIndex} is not among ${count} sections`);
  const strings = readExact(file, names.offset, names.size, 'ELF section name table', MAX_SECTION_NAMES);
  return sections.map((s) => {
    const end = strings.indexOf(0, s.name);
    return {
      name: strings.toString('latin1', s.name, end === -1 ? strings.length : end),
      address: s.address,
      size: s.size,
    };
  });
}
