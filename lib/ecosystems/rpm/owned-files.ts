import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles } from '../../indexer/layer-files.ts';
import { oncePerLayer } from '../../indexer/once-per-layer.ts';
import { normalizePath } from '../../indexer/tar/normalize-path.ts';
import type { ScanContext } from '../../indexer/types.ts';
import { parseRpmHeader, type RpmHeader, TAG } from './header.ts';
import { headerError, rpmDatabaseHeaders } from './package-scanner.ts';

/** Which entries rpmOwnedFiles needs: the rpm databases, on disk, exactly as the rpm package scanner reads them. */
export { wantsRpmDatabase } from './package-scanner.ts';

// The files a language scanner might report (claircore internal/rpm/info.go): archives, egg
// metadata, npm and gem manifests, and executables (for the Go binary scanner).
const OWNED = new RegExp(
  [
    String.raw`^.*/[^/]+\.[ejw]ar$`,
    String.raw`^.*/site-packages/[^/]+\.egg-info/PKG-INFO$`,
    String.raw`^.*/package\.json$`,
    String.raw`^.*/[^/]+\.gemspec$`,
    '^usr/s?bin/[^/]+$',
    '^usr/libexec/[^/]+/[^/]+$',
    '^usr/lib/golang/(?:[^/]+/)+[^/]+$',
  ].join('|'),
);

/**
 * The layer's files that the rpm packages of the same layer own, limited to the paths the
 * language scanners read, so a package rpm installed is not reported again as a language
 * package (claircore internal/rpm/files.go). Computed once per layer; every caller shares it.
 * A database that cannot be read is warned about once and counts as owning nothing, so it
 * never fails a language scanner.
 */
export const rpmOwnedFiles = oncePerLayer(async (files, ctx) => readOwnedFiles(files, ctx));

function readOwnedFiles(files: LayerFiles, ctx: ScanContext | undefined): ReadonlySet<string> {
  const owned = new Set<string>();
  try {
    for (const { db, headers } of rpmDatabaseHeaders(files)) {
      headers.forEach((blob, i) => {
        try {
          for (const path of packageFiles(parseRpmHeader(blob))) if (OWNED.test(path)) owned.add(path);
        } catch (cause) {
          if (!(cause instanceof InvalidInputError)) throw cause;
          throw headerError(db, i, cause);
        }
      });
    }
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    ctx?.log.warn('rpm file ownership skipped', { reason: err.message });
    return new Set();
  }
  return owned;
}

/** The paths of a package's files, layer-relative: from dirnames/basenames, or the older full names. */
function* packageFiles(header: RpmHeader): Generator<string> {
  const baseNames = header.strings(TAG.baseNames);
  if (baseNames === undefined) {
    for (const name of header.strings(TAG.fileNames) ?? []) yield normalizePath(name);
    return;
  }
  const dirNames = header.strings(TAG.dirNames) ?? [];
  const dirIndexes = header.int32s(TAG.dirIndexes) ?? [];
  if (dirIndexes.length !== baseNames.length) {
    throw new InvalidInputError(`${baseNames.length} basenames but ${dirIndexes.length} dirindexes`);
  }
  for (const [i, base] of baseNames.entries()) {
    const dir = dirNames[dirIndexes[i] as number];
    if (dir === undefined)
      throw new InvalidInputError(`dirindex ${dirIndexes[i]} is out of range (${dirNames.length} dirnames)`);
    yield normalizePath(`${dir}/${base}`);
  }
}
