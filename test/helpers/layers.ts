import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A layer blob as a registry serves it, with its digest. */
export type Blob = { readonly digest: string; readonly bytes: Buffer };

/** File contents by path; a value `{ symlink: target }` makes a symlink. */
export type LayerTree = Readonly<Record<string, string | { readonly symlink: string }>>;

export const digestOf = (bytes: Buffer): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A gzipped tar made by GNU tar from the tree, as `docker build` would make a layer. */
export async function layerFromTree(tree: LayerTree): Promise<Blob> {
  const dir = await mkdtemp(join(tmpdir(), 'clairless-tree-'));
  try {
    for (const [path, content] of Object.entries(tree)) {
      const target = join(dir, path);
      await mkdir(dirname(target), { recursive: true });
      if (typeof content === 'string') await writeFile(target, content);
      else await symlink(content.symlink, target);
    }
    return layerFromDirectory(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A gzipped tar of a directory's contents, made by GNU tar. */
export function layerFromDirectory(dir: string): Blob {
  const tar = execFileSync(
    'tar',
    ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-C', dir, '-cf', '-', '.'],
    {
      maxBuffer: 2 ** 31,
    },
  );
  const bytes = gzipSync(tar);
  return { digest: digestOf(bytes), bytes };
}

/** A dpkg status database of the given packages, as dpkg writes it. */
export function dpkgStatus(
  packages: readonly { name: string; version: string; source?: string; arch?: string }[],
): string {
  return packages
    .map((p) =>
      [
        `Package: ${p.name}`,
        'Status: install ok installed',
        `Architecture: ${p.arch ?? 'amd64'}`,
        ...(p.source === undefined ? [] : [`Source: ${p.source}`]),
        `Version: ${p.version}`,
        `Description: ${p.name}`,
        '',
      ].join('\n'),
    )
    .join('\n');
}

export const DEBIAN_12_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`;

/** Alpine 3.10's os-release, from the Alpine scanner's testdata (claircore's). */
export const ALPINE_3_10_OS_RELEASE = readFileSync(
  join(
    import.meta.dirname,
    '..',
    'unit',
    'ecosystems',
    'alpine',
    'testdata',
    'dist',
    '3.10',
    'etc',
    'os-release',
  ),
  'utf8',
);
