// Real data from the machine running the tests: the files Debian packages installed here, copied
// into a folder at their own paths so a layer can be made of them.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The packages of names that dpkg says are installed here ("ii"); none when dpkg-query is missing. */
export function installedDebianPackages(names: readonly string[]): string[] {
  const res = spawnSync(
    'dpkg-query',
    // dpkg-query's own field syntax, not a template.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format
    ['-W', '-f', '${db:Status-Abbrev}\t${Package}\n', ...names],
    { encoding: 'utf8' },
  );
  if (res.error !== undefined) return [];
  return res.stdout
    .split('\n')
    .filter((line) => line.startsWith('ii '))
    .map((line) => line.split('\t')[1] ?? '');
}

/** The absolute paths of the files and symlinks a Debian package owns (`dpkg -L`), folders left out. */
export function debianPackageFiles(name: string): string[] {
  return execFileSync('dpkg', ['-L', name], { encoding: 'utf8' })
    .split('\n')
    .filter((path) => path.startsWith('/') && isFileOrLink(path));
}

function isFileOrLink(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() || stat.isSymbolicLink();
  } catch {
    return false;
  }
}

/** Copies each absolute path (a file, or a symlink kept as one) to the same path under dir. */
export function copyHostFiles(dir: string, paths: readonly string[]): void {
  for (const path of paths) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (lstatSync(path).isSymbolicLink()) symlinkSync(readlinkSync(path), target);
    else copyFileSync(path, target);
  }
}
