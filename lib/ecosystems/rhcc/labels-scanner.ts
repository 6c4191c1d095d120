// Red Hat images from the current build system, found by the labels.json their build left
// (claircore's rhcc detectors): the image is a package versioned by its creation time, in a
// repository named by the image's CPE.

import { formatCpe, parseCpe } from '../../cpe/wfn.ts';
import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles } from '../../indexer/layer-files.ts';
import type { PackageScanner, RepositoryScanner, ScannedPackage } from '../../indexer/types.ts';
import { parseRhcTag, rhcTagVersion } from '../../versions/rhctag.ts';
import { RHCC_HINT, RHCC_REPOSITORY_KEY } from './repository.ts';

// The first present wins; RHCOS and some other images use the second.
const LABELS_FILES = ['root/buildinfo/labels.json', 'usr/share/buildinfo/labels.json'];

type Labels = {
  readonly name: string;
  readonly architecture: string;
  readonly created: string;
  readonly cpe: string;
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The labels of the layer's labels.json and its path, or undefined when it has none. */
export function findLabels(files: LayerFiles): { labels: Labels; path: string } | undefined {
  for (const path of LABELS_FILES) {
    const text = files.text(path);
    if (text !== undefined) return { labels: parseLabels(text, path), path };
  }
  return undefined;
}

function parseLabels(text: string, path: string): Labels {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`${path}: not JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidInputError(`${path}: want a JSON object of labels`);
  }
  const label = (key: string): string => {
    const value = (json as Record<string, unknown>)[key];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') throw new InvalidInputError(`${path}: label ${key} is not a string`);
    return value;
  };
  const created = label('org.opencontainers.image.created');
  if (created !== '' && !RFC3339.test(created)) {
    throw new InvalidInputError(
      `${path}: org.opencontainers.image.created ${JSON.stringify(created)} is not RFC 3339`,
    );
  }
  return {
    name: unquoted(label('name')),
    architecture: unquoted(label('architecture')),
    created,
    cpe: unquoted(label('cpe')),
  };
}

// Some images were published with label values quoted twice (`"\"x86_64\""`).
function unquoted(value: string): string {
  if (!/^".*"$/s.test(value)) return value;
  try {
    const inner: unknown = JSON.parse(value);
    return typeof inner === 'string' ? inner : value;
  } catch {
    return value;
  }
}

const wantsLabels = (path: string) =>
  LABELS_FILES.includes(path) ? ('content' as const) : ('none' as const);

export const rhccLabelsScanner: PackageScanner = {
  name: 'rhel_package_container_detector',
  version: '2',
  kind: 'package',
  wants: wantsLabels,
  async scan(files, ctx) {
    const found = findLabels(files);
    if (found === undefined) return [];
    const { labels, path } = found;
    if (labels.name === '' || labels.architecture === '' || labels.created === '') {
      ctx?.log.warn('rhcc labels skip: labels missing', {
        path,
        want: ['name', 'architecture', 'org.opencontainers.image.created'],
      });
      return [];
    }
    // The creation time in seconds is the version: one stream per image, ordered by build.
    const version = String(Math.floor(Date.parse(labels.created) / 1000));
    if (!/^\d+$/.test(version)) {
      ctx?.log.warn('rhcc labels skip: creation time before 1970', { path, created: labels.created });
      return [];
    }
    const normalizedVersion = { kind: 'rhctag', v: rhcTagVersion(parseRhcTag(version)) };
    const common = {
      name: labels.name,
      version,
      arch: labels.architecture,
      module: '',
      normalizedVersion,
      packageDb: path,
      repositoryHint: RHCC_HINT,
      filepath: '',
    };
    const source = { name: labels.name, version, arch: labels.architecture, normalizedVersion };
    const packages: ScannedPackage[] = [
      { ...common, kind: 'source', source: undefined },
      { ...common, kind: 'binary', source },
      { ...common, kind: 'ancestry', source },
    ];
    return packages;
  },
};

export const rhccLabelsRepositoryScanner: RepositoryScanner = {
  name: 'rhel_repo_container_detector',
  version: '1',
  kind: 'repository',
  wants: wantsLabels,
  async scan(files) {
    const cpe = findLabels(files)?.labels.cpe ?? '';
    if (cpe === '') return [];
    let formatted: string;
    try {
      formatted = formatCpe(parseCpe(cpe));
    } catch (cause) {
      throw new InvalidInputError(`labels.json cpe: ${(cause as Error).message}`, { cause });
    }
    return [{ name: formatted, key: RHCC_REPOSITORY_KEY, uri: '', cpe: formatted }];
  },
};
