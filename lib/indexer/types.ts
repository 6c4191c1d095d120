// The indexer's data and the contracts scanners and coalescers implement. Field names follow
// claircore's model; the wire shapes of reports are in index-report.ts.
import type { PluginConfig } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { Matcher } from '../matcher/types.ts';
import type { DeltaUpdater, NormalizedVersion, Updater, UpdaterSetFactory } from '../updater/types.ts';
import type { Digest } from './digest.ts';
import type { LayerFiles, Want } from './layer-files.ts';
import type { TarEntryType } from './tar/tar-parser.ts';

/**
 * What kind of package a row is: installed software (binary), what it was built from (source), or
 * the image itself as a base of later images (ancestry, Red Hat container images).
 */
export type PackageKind = 'binary' | 'source' | 'ancestry';

/**
 * A version as ten integers in a scheme that orders them (claircore's Version): `rhctag`, `pep440`,
 * `semver`; `unmatchable` marks a package a coalescer keeps out of matching.
 */
export type KindedVersion = { readonly kind: string; readonly v: NormalizedVersion };

/** A package as a scanner finds it in one layer. */
export type ScannedPackage = {
  readonly name: string;
  readonly version: string;
  /** @default 'binary' */
  readonly kind?: PackageKind;
  readonly arch: string;
  /** RPM modularity `name:stream`, else "". */
  readonly module: string;
  /** For matchers that compare versions in the database; absent for most packages. */
  readonly normalizedVersion?: KindedVersion;
  /** The source package, when the database names one; no arch or normalised version unless given. */
  readonly source:
    | {
        readonly name: string;
        readonly version: string;
        readonly arch?: string;
        readonly normalizedVersion?: KindedVersion;
      }
    | undefined;
  /** Where the package database is, e.g. `var/lib/dpkg/status` or `sqlite:var/lib/rpm`. */
  readonly packageDb: string;
  /** A scanner's hint for repository matching, e.g. an rpm payload digest; "" when none. */
  readonly repositoryHint: string;
  /** The file the package was found in, for language packages; "" for OS packages. */
  readonly filepath: string;
};

export type Distribution = {
  /** os-release ID, e.g. `debian`. */
  readonly did: string;
  readonly name: string;
  readonly version: string;
  readonly versionCodeName: string;
  readonly versionId: string;
  readonly arch: string;
  readonly cpe: string;
  readonly prettyName: string;
};

export type Repository = {
  readonly name: string;
  readonly key: string;
  readonly uri: string;
  readonly cpe: string;
};

/** A file a file scanner reports, e.g. an OCI whiteout. */
export type LayerFile = { readonly path: string; readonly kind: 'whiteout' };

export type ScannerKind = 'package' | 'distribution' | 'repository' | 'file';

type Scanner<K extends ScannerKind, T> = {
  /** Stored with every result; bumping the version re-scans every layer with this scanner only. */
  readonly name: string;
  readonly version: string;
  readonly kind: K;
  /**
   * Which entries of a layer the scan needs, decided per entry during the one pass over the layer;
   * mode is the entry's permission bits.
   */
  wants(path: string, type: TarEntryType, mode?: number): Want;
  /** The scanner's findings in one layer, from the entries it asked for (the indexer always passes ctx). */
  scan(files: LayerFiles, ctx?: ScanContext): Promise<readonly T[]>;
  /** Checks the scanner's settings at start-up, throwing ConfigError naming the key. */
  checkConfig?(config: PluginConfig): void;
};

/** What a scan may use besides the layer: its `indexer.scanner.<kind>.<name>` settings, cancellation, a log. */
export type ScanContext = {
  readonly config: PluginConfig;
  readonly signal: AbortSignal;
  readonly log: Logger;
};

export type PackageScanner = Scanner<'package', ScannedPackage>;
export type DistributionScanner = Scanner<'distribution', Distribution>;
export type RepositoryScanner = Scanner<'repository', Repository>;
export type FileScanner = Scanner<'file', LayerFile>;
export type AnyScanner = PackageScanner | DistributionScanner | RepositoryScanner | FileScanner;

/** What the store holds for one layer, from the scanners asked for, read back for coalescing. */
export type LayerArtifacts = {
  readonly layer: Digest;
  readonly packages: readonly StoredPackage[];
  readonly distributions: readonly StoredDistribution[];
  readonly repositories: readonly StoredRepository[];
  readonly files: readonly LayerFile[];
};

export type StoredPackage = ScannedPackage & {
  readonly id: string;
  readonly sourceId: string | undefined;
  readonly scanner: string;
};
export type StoredDistribution = Distribution & { readonly id: string };
export type StoredRepository = Repository & { readonly id: string };

/** Where and how a package was found in the image (claircore's Environment). */
export type Environment = {
  readonly packageDb: string;
  readonly introducedIn: Digest;
  readonly distributionId: string;
  readonly repositoryIds: readonly string[];
};

/** What coalescing makes of the layers: the image's packages and where each came from. */
export type Coalesced = {
  /** Packages by id, with their environments. */
  readonly packages: ReadonlyMap<
    string,
    { readonly pkg: StoredPackage; readonly environments: readonly Environment[] }
  >;
  readonly distributions: ReadonlyMap<string, StoredDistribution>;
  readonly repositories: ReadonlyMap<string, StoredRepository>;
};

/** Turns the per-layer artifacts of a manifest (base layer first) into the image's contents. */
export type Coalescer = (layers: readonly LayerArtifacts[]) => Coalesced;

/**
 * One package world: its scanners, how its layers combine, the updaters of its vulnerability data
 * and its matchers. Registered in lib/ecosystems/index.ts.
 */
export type Ecosystem = {
  readonly name: string;
  readonly packageScanners: readonly PackageScanner[];
  readonly distributionScanners: readonly DistributionScanner[];
  readonly repositoryScanners: readonly RepositoryScanner[];
  /** How its layers combine; absent for an ecosystem that only brings data (OSV). */
  readonly coalescer?: Coalescer;
  /** The set of updaters keeping its vulnerability data current (full or delta feeds). */
  readonly updaters?: UpdaterSetFactory<Updater | DeltaUpdater>;
  /** How its packages are matched against vulnerability data. */
  readonly matchers?: readonly Matcher[];
};
