import { dirname } from 'node:path';
import type { LayerFiles } from '../../indexer/layer-files.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScannedPackage } from '../../indexer/types.ts';
import { parseControlFile, parseSourceField } from './control-file.ts';

/**
 * Packages in dpkg status databases. A database is a folder holding a `status` file and an
 * `info` folder (var/lib/dpkg, or a nested root), so a stray file named status is not one.
 * Only records whose Status says "ok installed" count.
 */
export const dpkgScanner: PackageScanner = {
  name: 'dpkg',
  version: '7',
  kind: 'package',
  wants(path, type) {
    if (path === 'status' || path.endsWith('/status')) return 'content';
    if ((type === 'dir' && /(^|\/)info$/.test(path)) || /(^|\/)info\/[^/]+\.list$/.test(path))
      return 'presence';
    return 'none';
  },
  async scan(files) {
    const out: ScannedPackage[] = [];
    for (const db of databases(files)) {
      const text = files.text(`${db}/status`);
      if (text !== undefined) out.push(...parseStatus(text, db === '' ? 'status' : `${db}/status`));
    }
    return sortPackages(out);
  },
};

function databases(files: LayerFiles): string[] {
  const withInfo = new Set<string>();
  const withStatus: string[] = [];
  for (const path of files.paths()) {
    const info = /^(?:(.*)\/)?info(?:\/[^/]+\.list)?$/.exec(path);
    if (info !== null) withInfo.add(info[1] ?? '');
    else if (path === 'status' || path.endsWith('/status'))
      withStatus.push(dirname(path) === '.' ? '' : dirname(path));
  }
  return withStatus.filter((dir) => withInfo.has(dir));
}

/** The installed packages of one status file. */
export function parseStatus(text: string, packageDb: string): ScannedPackage[] {
  const out: ScannedPackage[] = [];
  for (const record of parseControlFile(text)) {
    const words = (record.Status ?? '').split(/\s+/);
    if (!words.includes('ok') || !words.includes('installed')) continue;
    const pkg = toPackage(record, packageDb);
    if (pkg !== undefined) out.push(pkg);
    // vcpkg (a C++ package manager) keeps a `status` file too: not a dpkg database at all.
    else if (VCPKG_FIELDS.some((f) => f in record)) return [];
  }
  return out;
}

const VCPKG_FIELDS = ['Port-Version', 'Default-Features', 'Feature'];

/** One control record as a package; undefined when it lacks a name, version or architecture. */
export function toPackage(
  record: Readonly<Record<string, string>>,
  packageDb: string,
): ScannedPackage | undefined {
  const { Package: name, Version: version, Architecture: arch } = record;
  if (!name || !version || !arch) return undefined;
  return {
    name,
    version,
    arch,
    module: '',
    source: parseSourceField(record.Source ?? name, version),
    packageDb,
    repositoryHint: '',
    filepath: '',
  };
}
