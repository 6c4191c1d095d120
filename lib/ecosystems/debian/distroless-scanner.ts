import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScannedPackage } from '../../indexer/types.ts';
import { parseControlFile } from './control-file.ts';
import { toPackage } from './dpkg-scanner.ts';

const IN_STATUS_D = /(^|\/)status\.d\/[^/]+$/;

/**
 * Packages of distroless images, which keep one control file per package in var/lib/dpkg/status.d
 * instead of a status database. These files have no Status field: every record counts.
 */
export const distrolessScanner: PackageScanner = {
  name: 'dpkg-distroless',
  version: '1',
  kind: 'package',
  wants: (path, type) =>
    type === 'file' && IN_STATUS_D.test(path) && !path.endsWith('.md5sums') ? 'content' : 'none',
  async scan(files) {
    const out: ScannedPackage[] = [];
    for (const path of files.paths()) {
      if (!IN_STATUS_D.test(path) || path.endsWith('.md5sums')) continue;
      for (const record of parseControlFile(files.text(path) ?? '')) {
        const pkg = toPackage(record, path);
        if (pkg !== undefined) out.push(pkg);
      }
    }
    return sortPackages(out);
  },
};
