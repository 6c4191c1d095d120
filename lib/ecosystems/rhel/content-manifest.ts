// The content manifest Red Hat's build systems (OSBS, Konflux) leave in an image: which
// repositories ("content sets") the layer's packages came from, or a hint to ask DNF instead.
import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles, Want } from '../../indexer/layer-files.ts';
import type { TarEntryType } from '../../indexer/tar/tar-parser.ts';
import type { Logger } from '../../log.ts';

export type ContentManifest = {
  readonly contentSets: readonly string[];
  /** True when the packages' repositories are to be read from the DNF history instead. */
  readonly fromDnfHint: boolean;
};

// Searched in this order; within a folder the first name in byte order is the manifest.
const FOLDERS = [
  'root/buildinfo/content_manifests/',
  'usr/share/buildinfo/content_manifests/',
  'usr/share/buildinfo/',
];

const folderOf = (path: string): number =>
  FOLDERS.findIndex(
    (dir) => path.startsWith(dir) && path.endsWith('.json') && !path.slice(dir.length).includes('/'),
  );

/** Which entries reading the content manifest needs: the JSON files in the manifest folders. */
export const wantsContentManifest = (path: string, type: TarEntryType): Want =>
  type === 'file' && folderOf(path) !== -1 ? 'content' : 'none';

/**
 * The layer's content manifest, or undefined when it has none. A file that is not JSON counts
 * as none (images built by other tools overwrite it), as in claircore; JSON of the wrong shape fails.
 */
export function readContentManifest(files: LayerFiles, log?: Logger): ContentManifest | undefined {
  const path = manifestPath(files);
  if (path === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(files.text(path) ?? '');
  } catch (err) {
    log?.warn('content manifest skip: not JSON', { path, err });
    return undefined;
  }
  return parseContentManifest(json, path);
}

/** Whether the packages' repositories come from the DNF history rather than the content sets. */
export const usesDnfHistory = (manifest: ContentManifest | undefined): boolean =>
  manifest === undefined || manifest.fromDnfHint;

function manifestPath(files: LayerFiles): string | undefined {
  const found: string[][] = FOLDERS.map(() => []);
  for (const path of files.paths()) {
    const i = folderOf(path);
    if (i !== -1 && files.entry(path)?.type === 'file') found[i]?.push(path);
  }
  return found.find((paths) => paths.length > 0)?.sort()[0];
}

function parseContentManifest(json: unknown, path: string): ContentManifest {
  if (json === null) return { contentSets: [], fromDnfHint: false };
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidInputError(`content manifest ${path}: want a JSON object`);
  }
  const { content_sets: sets, from_dnf_hint: hint } = json as Record<string, unknown>;
  if (
    sets !== undefined &&
    sets !== null &&
    !(Array.isArray(sets) && sets.every((s) => typeof s === 'string'))
  ) {
    throw new InvalidInputError(`content manifest ${path}: content_sets: want a list of strings`);
  }
  if (hint !== undefined && hint !== null && typeof hint !== 'boolean') {
    throw new InvalidInputError(`content manifest ${path}: from_dnf_hint: want true or false`);
  }
  return { contentSets: (sets as string[] | null | undefined) ?? [], fromDnfHint: hint === true };
}
