// Builds the LayerFiles a scanner's scan() gets, from testdata folders and in-memory entries,
// keeping each entry only as far as the scanners ask for it, as lib/indexer/layer-walk.ts does.
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type LayerEntry, type LayerFiles, layerFiles, type Want } from '../../../lib/indexer/layer-files.ts';
import { normalizePath } from '../../../lib/indexer/tar/normalize-path.ts';
import type { TarEntryType } from '../../../lib/indexer/tar/tar-parser.ts';
import type { AnyScanner } from '../../../lib/indexer/types.ts';

/** One entry of a layer: a file's text or bytes, a file whose bytes are on disk, a folder, or a link. */
export type EntrySpec =
  | string
  | Buffer
  | { readonly from: string }
  | { readonly dir: true }
  | { readonly symlink: string }
  | { readonly hardlink: string };

type Wants = Pick<AnyScanner, 'wants'>;

const RANK: Readonly<Record<Want, number>> = { none: 0, presence: 1, content: 2, file: 3 };

function typeOf(spec: EntrySpec): TarEntryType {
  if (typeof spec === 'string' || Buffer.isBuffer(spec) || 'from' in spec) return 'file';
  if ('dir' in spec) return 'dir';
  return 'symlink' in spec ? 'symlink' : 'hardlink';
}

function bytesOf(spec: EntrySpec): Buffer {
  if (typeof spec === 'string') return Buffer.from(spec);
  if (Buffer.isBuffer(spec)) return spec;
  if ('from' in spec) return readFileSync(spec.from);
  return Buffer.alloc(0);
}

/**
 * The layer these entries make, as the scanners see it: entries no scanner wants are dropped,
 * links and folders are kept without bytes, and a file wanted as 'file' must be given as
 * `{ from }` so the scanner gets its path on disk.
 */
export function layerOf(
  scanners: Wants | readonly Wants[],
  entries: Iterable<[string, EntrySpec]>,
): LayerFiles {
  const asked = Array.isArray(scanners) ? (scanners as readonly Wants[]) : [scanners as Wants];
  const kept = new Map<string, LayerEntry>();
  for (const [raw, spec] of entries) {
    const path = normalizePath(raw);
    const type = typeOf(spec);
    let want: Want = 'none';
    for (const s of asked) {
      const w = s.wants(path, type);
      if (RANK[w] > RANK[want]) want = w;
    }
    if (want === 'none') continue;
    const linkTarget =
      typeof spec === 'object' && 'symlink' in spec
        ? spec.symlink
        : typeof spec === 'object' && 'hardlink' in spec
          ? spec.hardlink
          : '';
    const from = typeof spec === 'object' && 'from' in spec ? spec.from : undefined;
    const size = from !== undefined ? statSync(from).size : bytesOf(spec).length;
    const meta = { path, type, size, linkTarget };
    // A later entry with the same path replaces an earlier one, and moves to the end.
    kept.delete(path);
    if (want === 'presence' || type !== 'file') kept.set(path, meta);
    else if (want === 'content') kept.set(path, { ...meta, content: bytesOf(spec) });
    else if (from !== undefined) kept.set(path, { ...meta, file: from });
    else throw new Error(`layerOf: ${path} is wanted as a file on disk: give it as { from }`);
  }
  return layerFiles(kept);
}

/** The entries of a folder as a tar of it would list them: each folder before what it holds. */
export function entriesOfDir(root: string, prefix = ''): [string, EntrySpec][] {
  const out: [string, EntrySpec][] = [];
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    const abs = join(root, rel);
    const stat = lstatSync(abs);
    if (stat.isSymbolicLink()) out.push([rel, { symlink: readlinkSync(abs) }]);
    else if (stat.isDirectory()) out.push([rel, { dir: true }], ...entriesOfDir(root, rel));
    else out.push([rel, { from: abs }]);
  }
  return out;
}

/** The layer holding a testdata folder, as the scanners see it. */
export function layerOfDir(scanners: Wants | readonly Wants[], root: string): LayerFiles {
  return layerOf(scanners, entriesOfDir(root));
}
