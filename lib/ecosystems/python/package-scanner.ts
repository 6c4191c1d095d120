import { basename, dirname } from 'node:path';
import { boundedText, type LayerFiles, regularFile } from '../../indexer/layer-files.ts';
import { oncePerLayer } from '../../indexer/once-per-layer.ts';
import { sortPackages } from '../../indexer/sort-packages.ts';
import type { PackageScanner, ScanContext, ScannedPackage } from '../../indexer/types.ts';
import { type Pep440, parsePep440, pep440Normalized } from '../../versions/pep440.ts';
import { rpmOwnedFiles, wantsRpmDatabase } from '../rpm/owned-files.ts';
import { pep503Name } from './pep503-name.ts';

/** Where pip installs from, the hint every package found gets. */
export const PYPI_URI = 'https://pypi.org/simple';

const RPM_DATABASES = ['var/lib/rpm/Packages', 'var/lib/rpm/rpmdb.sqlite', 'var/lib/rpm/Packages.db'];
const DPKG_DATABASE = 'var/lib/dpkg/status';
// Installers whose packages the distribution's own scanners report.
const DISTRO_INSTALLERS = new Set(['rpm', 'dpkg', 'apk']);
/** A metadata file larger than this is not read: real ones are a few KiB, long descriptions included. */
export const MAX_METADATA_BYTES = 4 * 2 ** 20;

/**
 * Installed Python distributions (PyPA's recorded metadata): wheels' `.dist-info/METADATA`, eggs'
 * `.egg-info` (a file or a folder's PKG-INFO) and unzipped `.egg/EGG-INFO/PKG-INFO`. As in
 * claircore, a wheel its INSTALLER names a system package manager as installer is left out, and
 * in a layer with an rpm or dpkg database so are the distribution's python folders, and so is
 * metadata an rpm package of the same layer owns. A hard link is read as the file it names.
 */
export const pythonPackageScanner: PackageScanner = {
  name: 'python',
  version: '6',
  kind: 'package',
  wants(path, type) {
    if (wantsRpmDatabase(path, type) === 'file') return 'file';
    if (RPM_DATABASES.includes(path) || path === DPKG_DATABASE) return 'presence';
    if (!isCandidate(path) && !path.endsWith('.dist-info/INSTALLER')) return 'none';
    // A hard link is the file it names, collected when its own name is a candidate too.
    return type === 'file' ? 'content' : type === 'hardlink' ? 'presence' : 'none';
  },
  async scan(files, ctx) {
    return [...(await pythonPackages(files, ctx))];
  },
};

/** The layer's Python packages, read once per layer for the package and repository scanners. */
export const pythonPackages = oncePerLayer(
  async (files, ctx): Promise<readonly ScannedPackage[]> =>
    sortPackages(
      (await pythonMetadataFiles(files, ctx)).flatMap((path) => readMetadata(files, path, ctx) ?? []),
    ),
);

function isCandidate(path: string): boolean {
  if (basename(path).startsWith('.wh.')) return false;
  return (
    path.endsWith('.dist-info/METADATA') ||
    path.endsWith('.egg-info/PKG-INFO') ||
    path.endsWith('.egg-info') ||
    path.endsWith('.egg/EGG-INFO/PKG-INFO')
  );
}

/** The metadata files of the layer the scanner reads: candidates less the distribution's own. */
async function pythonMetadataFiles(files: LayerFiles, ctx?: ScanContext): Promise<string[]> {
  const owned = await rpmOwnedFiles(files, ctx);
  const isRpm = RPM_DATABASES.some((p) => files.entry(p)?.type === 'file');
  const isDpkg = files.entry(DPKG_DATABASE)?.type === 'file';
  // claircore skips one level above the site-packages folder, so the standard library too.
  const distroDir = isRpm
    ? /^usr\/lib[^/]*\/python[23]\.[^/]*\//
    : isDpkg
      ? /^usr\/lib[^/]*\/python[23]\//
      : undefined;
  const out: string[] = [];
  for (const path of files.paths()) {
    if (!isCandidate(path) || regularFile(files, path) === undefined) continue;
    if (distroDir?.test(path) || owned.has(path)) continue;
    if (path.endsWith('.dist-info/METADATA') && DISTRO_INSTALLERS.has(installer(files, dirname(path))))
      continue;
    out.push(path);
  }
  return out;
}

/** The installer a wheel's INSTALLER file names, or "" when it has none worth reading. */
function installer(files: LayerFiles, distInfo: string): string {
  const file = regularFile(files, `${distInfo}/INSTALLER`);
  if (file === undefined || file.size > MAX_METADATA_BYTES) return '';
  return files.text(file.path)?.trim() ?? '';
}

function readMetadata(
  files: LayerFiles,
  path: string,
  ctx: ScanContext | undefined,
): ScannedPackage | undefined {
  const skip = (reason: string): undefined => {
    ctx?.log.warn('python metadata skipped', { path, reason });
    return undefined;
  };
  const read = boundedText(files, path, MAX_METADATA_BYTES);
  if ('reason' in read) return skip(read.reason);
  const { text } = read;
  // Only the header block is read, as claircore: a description in another encoding is no matter.
  const headers = readHeaders(text);
  const name = headers.get('name');
  const versionText = headers.get('version');
  if (!name || !versionText) return skip('no Name or Version header');
  const both = name + versionText;
  if (both.includes('\u0000') || both.includes('\ufffd')) return skip('Name or Version is not UTF-8 text');
  let version: Pep440;
  try {
    version = parsePep440(versionText);
  } catch {
    return skip(`version ${JSON.stringify(versionText)} is not PEP 440`);
  }
  // Two folders up, as claircore (an egg's own folder for EGG-INFO/PKG-INFO); one for a bare .egg-info file.
  const site = path.endsWith('.egg-info') ? dirname(path) : dirname(dirname(path));
  return {
    name: pep503Name(name),
    version: pep440Text(version),
    arch: '',
    module: '',
    normalizedVersion: { kind: 'pep440', v: pep440Normalized(version) },
    source: undefined,
    packageDb: `python:${site}`,
    repositoryHint: PYPI_URI,
    filepath: path,
  };
}

/**
 * The RFC 822 header block at the top of a metadata file, keys lower-cased (the first of a repeated
 * key wins); it ends at the first blank line or a line that is not a header.
 */
function readHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) break;
    const key = line.slice(0, colon).trim().toLowerCase();
    last = headers.has(key) ? undefined : key;
    if (last !== undefined) headers.set(key, line.slice(colon + 1).trim());
  }
  return headers;
}

/** claircore's canonical text: epoch, release, pre-release, post and dev; no local part, post0 and dev0 omitted. */
function pep440Text(v: Pep440): string {
  const epoch = v.epoch === 0n ? '' : `${v.epoch}!`;
  const pre = v.pre === undefined ? '' : `${v.pre.label}${v.pre.number}`;
  const post = v.post ? `.post${v.post}` : '';
  const dev = v.dev ? `.dev${v.dev}` : '';
  return `${epoch}${v.release.join('.')}${pre}${post}${dev}`;
}
