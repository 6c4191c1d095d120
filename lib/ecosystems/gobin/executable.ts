// Tells the executable formats apart by their first bytes.
import { openElf } from './elf.ts';
import { openFatMachO, openMachO } from './macho.ts';
import type { Executable, RandomAccess } from './mapped-file.ts';
import { openPe } from './pe.ts';

const ELF_MAGIC = Buffer.from('\x7fELF', 'latin1');
const FAT_MAGIC = Buffer.from('cafebabe', 'hex');
// 32- and 64-bit, big- and little-endian.
const MACHO_MAGICS = ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe'].map((h) => Buffer.from(h, 'hex'));

/**
 * The executable in file, or undefined when its first bytes are not an ELF executable or shared
 * object, a PE image or a Mach-O file (thin, or the first slice of a fat one). Throws
 * InvalidInputError when its headers are cut short or point outside the file.
 */
export function openExecutable(file: RandomAccess): Executable | undefined {
  const ident = file.read(0, 64);
  if (ident.length < 18) return undefined;
  if (ident.subarray(0, 4).equals(ELF_MAGIC)) return openElf(file, ident);
  if (ident[0] === 0x4d && ident[1] === 0x5a) return openPe(file);
  if (MACHO_MAGICS.some((m) => ident.subarray(0, 4).equals(m))) return openMachO(file, ident);
  if (ident.subarray(0, 4).equals(FAT_MAGIC)) return openFatMachO(file);
  return undefined;
}
