import { basename } from 'node:path';
import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles, Want } from '../../indexer/layer-files.ts';
import { oncePerLayer } from '../../indexer/once-per-layer.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { TarEntryType } from '../../indexer/tar/tar-parser.ts';
import type { PackageScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { rpmOwnedFiles, wantsRpmDatabase } from '../rpm/owned-files.ts';
import { goBinaryPackages } from './go-binary.ts';
import { openRandomAccess } from './random-access.ts';

const ANY_EXECUTE = 0o111;

/**
 * Go binaries: every executable file (any execute bit) whose build info Go's linker left in it,
 * ELF, PE or Mach-O; a file an rpm package of the same layer owns is left out. Binaries stay on
 * disk and only their headers and build info are read.
 */
export const gobinPackageScanner: PackageScanner = {
  name: 'gobin',
  version: '8',
  kind: 'package',
  wants: wantsExecutable,
  async scan(files, ctx) {
    return [...(await goBinaries(files, ctx))];
  },
};

export function wantsExecutable(path: string, type: TarEntryType, mode?: number): Want {
  if (wantsRpmDatabase(path, type) === 'file') return 'file';
  if (basename(path).startsWith('.wh.') || ((mode ?? 0) & ANY_EXECUTE) === 0) return 'none';
  // A hard link is the file it links to, which is collected under its own name.
  return type === 'file' ? 'file' : type === 'hardlink' ? 'presence' : 'none';
}

/**
 * The packages of the layer's Go binaries, read once per layer for the package and repository
 * scanners. A binary that is cut short or malformed is warned about and skipped.
 */
export const goBinaries = oncePerLayer(readBinaries);

async function readBinaries(files: LayerFiles, ctx?: ScanContext): Promise<readonly ScannedPackage[]> {
  const owned = await rpmOwnedFiles(files, ctx);
  const out: ScannedPackage[] = [];
  for (const path of files.paths()) {
    const entry = files.entry(path);
    if (entry === undefined || basename(path).startsWith('.wh.') || owned.has(path)) continue;
    const target = entry.type === 'hardlink' ? files.resolve(path) : entry;
    if (target?.type !== 'file' || (target.file === undefined && target.content === undefined)) continue;
    ctx?.signal.throwIfAborted();
    const file = openRandomAccess(target);
    try {
      // One at a time: spreading a binary's thousands of packages as arguments overflows the stack.
      for (const p of goBinaryPackages(path, file, ctx?.log)) out.push(p);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      ctx?.log.warn('gobin executable skipped', { path, reason: err.message });
    } finally {
      file.close();
    }
  }
  return sortPackages(out);
}
