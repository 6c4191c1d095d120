// Clair's IndexReport on the wire (clair-spec.md section 2.3), fields in Clair's order.
import { wireCpe } from '../cpe/wfn.ts';
import type { Digest } from './digest.ts';
import { normalizedVersionText } from './normalized-version.ts';
import type { Coalesced, PackageKind, StoredDistribution, StoredPackage, StoredRepository } from './types.ts';

/** The controller's states; a stored report shows the state it reached. */
export type IndexState =
  | 'CheckManifest'
  | 'FetchLayers'
  | 'ScanLayers'
  | 'Coalesce'
  | 'IndexManifest'
  | 'IndexFinished'
  | 'IndexError';

export type WirePackage = {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly kind: PackageKind;
  readonly source?: WirePackage;
  readonly normalized_version: string;
  readonly module?: string;
  readonly arch?: string;
  readonly cpe: string;
};

export type WireDistribution = {
  readonly id: string;
  readonly did: string;
  readonly name: string;
  readonly version: string;
  readonly version_code_name: string;
  readonly version_id: string;
  readonly arch: string;
  readonly cpe: string;
  readonly pretty_name: string;
};

export type WireRepository = {
  readonly id: string;
  readonly name?: string;
  readonly key?: string;
  readonly uri?: string;
  readonly cpe: string;
};

export type WireEnvironment = {
  readonly package_db: string;
  readonly introduced_in: Digest;
  readonly distribution_id: string;
  readonly repository_ids: readonly string[] | null;
};

export type IndexReport = {
  readonly manifest_hash: Digest;
  readonly state: IndexState;
  readonly packages: Readonly<Record<string, WirePackage>>;
  readonly distributions: Readonly<Record<string, WireDistribution>>;
  readonly repository: Readonly<Record<string, WireRepository>>;
  readonly environments: Readonly<Record<string, readonly WireEnvironment[]>>;
  readonly success: boolean;
  readonly err: string;
};

/** A report with no contents yet, in the given state. */
export function emptyReport(manifest: Digest, state: IndexState, err = ''): IndexReport {
  return {
    manifest_hash: manifest,
    state,
    packages: {},
    distributions: {},
    repository: {},
    environments: {},
    success: state === 'IndexFinished',
    err,
  };
}

/** The report of a coalesced image, in the given state. */
export function coalescedReport(manifest: Digest, coalesced: Coalesced, state: IndexState): IndexReport {
  const packages: Record<string, WirePackage> = {};
  const environments: Record<string, WireEnvironment[]> = {};
  for (const [id, { pkg, environments: envs }] of coalesced.packages) {
    packages[id] = wirePackage(pkg);
    environments[id] = envs.map((e) => ({
      package_db: e.packageDb,
      introduced_in: e.introducedIn,
      distribution_id: e.distributionId,
      repository_ids: e.repositoryIds.length === 0 ? null : [...e.repositoryIds],
    }));
  }
  return {
    ...emptyReport(manifest, state),
    packages,
    distributions: Object.fromEntries(
      [...coalesced.distributions].map(([id, d]) => [id, wireDistribution(d)]),
    ),
    repository: Object.fromEntries([...coalesced.repositories].map(([id, r]) => [id, wireRepository(r)])),
    environments,
  };
}

function wirePackage(pkg: StoredPackage): WirePackage {
  const source =
    pkg.source === undefined || pkg.sourceId === undefined
      ? undefined
      : {
          id: pkg.sourceId,
          name: pkg.source.name,
          version: pkg.source.version,
          kind: 'source' as const,
          normalized_version: normalizedVersionText(pkg.source.normalizedVersion),
          ...(pkg.source.arch === undefined || pkg.source.arch === '' ? {} : { arch: pkg.source.arch }),
          cpe: '',
        };
  return {
    id: pkg.id,
    name: pkg.name,
    version: pkg.version,
    kind: pkg.kind ?? 'binary',
    ...(source === undefined ? {} : { source }),
    normalized_version: normalizedVersionText(pkg.normalizedVersion),
    ...(pkg.module === '' ? {} : { module: pkg.module }),
    ...(pkg.arch === '' ? {} : { arch: pkg.arch }),
    cpe: '',
  };
}

/** A distribution as reports carry it. */
export function wireDistribution(d: StoredDistribution): WireDistribution {
  return {
    id: d.id,
    did: d.did,
    name: d.name,
    version: d.version,
    version_code_name: d.versionCodeName,
    version_id: d.versionId,
    arch: d.arch,
    cpe: wireCpe(d.cpe),
    pretty_name: d.prettyName,
  };
}

function wireRepository(r: StoredRepository): WireRepository {
  return {
    id: r.id,
    ...(r.name === '' ? {} : { name: r.name }),
    ...(r.key === '' ? {} : { key: r.key }),
    ...(r.uri === '' ? {} : { uri: r.uri }),
    cpe: r.cpe,
  };
}
