import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScannedPackage } from '../../indexer/types.ts';

const DATABASE = 'lib/apk/db/installed';

/**
 * Packages in apk's database: one record per package, separated by blank lines, each line a
 * one-letter field (P name, V version, A arch, o origin: the source package, c aports commit).
 */
export const apkScanner: PackageScanner = {
  name: 'apk',
  version: 'v0.0.1',
  kind: 'package',
  wants: (path) => (path === DATABASE ? 'content' : 'none'),
  async scan(files) {
    const text = files.text(DATABASE);
    return text === undefined ? [] : parseInstalled(text);
  },
};

/** The packages of an apk `installed` file. */
export function parseInstalled(text: string): ScannedPackage[] {
  const out: ScannedPackage[] = [];
  for (const record of text.split(/\n\s*\n/)) {
    const field: Record<string, string> = {};
    for (const line of record.split('\n')) {
      if (line.length >= 2 && line[1] === ':') field[line[0] as string] ??= line.slice(2).trim();
    }
    const { P: name, V: version } = field;
    if (!name || !version) continue;
    out.push({
      name,
      version,
      arch: field.A ?? '',
      module: '',
      source: field.o ? { name: field.o, version } : undefined,
      packageDb: DATABASE,
      repositoryHint: field.c ?? '',
      filepath: '',
    });
  }
  return sortPackages(out);
}
