// The updater engine's data and the contracts updaters implement (claircore's driver.Updater,
// UpdaterSetFactory). Field names follow claircore's Vulnerability.
import type { Distribution } from '../indexer/types.ts';
import type { Logger } from '../log.ts';

export const SEVERITIES = ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ArchOperation = '' | 'equals' | 'not equals' | 'pattern match';

/** Ten integers compared in order, as claircore normalises versions (kind "semver": V[1..3]). */
export type NormalizedVersion = readonly number[];

/** Affected versions as a half-open range of normalised versions: lower <= v < upper. */
export type VersionRange = {
  readonly kind: string;
  readonly lower: NormalizedVersion;
  readonly upper: NormalizedVersion;
};

/** One advisory about one package in one place: what the matcher compares image packages with. */
export type Vulnerability = {
  readonly name: string;
  readonly description: string;
  /** RFC 3339, or undefined when the feed gives no date. */
  readonly issued: string | undefined;
  /** Space-separated URLs. */
  readonly links: string;
  /** The feed's own severity text. */
  readonly severity: string;
  readonly normalizedSeverity: Severity;
  readonly package: {
    readonly name: string;
    readonly version: string;
    readonly module: string;
    readonly arch: string;
    /**
     * Debian and Alpine advisories name source packages; most others binary ones. `ancestry`
     * names a container image (RHEL VEX assertions about images).
     */
    readonly kind: 'binary' | 'source' | 'ancestry';
  };
  /** The distribution the advisory is about, as the indexer's scanners report one. */
  readonly dist: Distribution | undefined;
  readonly repo: { readonly name: string; readonly key: string; readonly uri: string } | undefined;
  /** "" when no fix is known; "0" (Debian, Alpine) when the package was never affected. */
  readonly fixedInVersion: string;
  readonly archOperation: ArchOperation;
  readonly range: VersionRange | undefined;
  /**
   * A "known not affected" assertion (claircore's Invert): stored, but never reported as a match
   * nor as affecting a manifest. Absent means false, which every feed but RHEL VEX gives.
   */
  readonly invert?: boolean;
};

/** What an updater fetched: a spooled feed to parse, or nothing new since the last fingerprint. */
export type FetchResult =
  | { readonly unchanged: true }
  | {
      readonly unchanged: false;
      /** A temporary file holding the feed as fetched; the engine removes it after parsing. */
      readonly file: string;
      readonly bytes: number;
      /** Opaque: an ETag, a Last-Modified, a checksum; handed back to the next fetch. */
      readonly fingerprint: string;
    };

export type UpdaterContext = {
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Where to spool fetched feeds. */
  readonly tmpDir: string;
};

/** One feed: fetched only when changed, parsed as a stream of vulnerabilities. */
export type Updater = {
  /** 'vulnerability' or unset: what tells a vulnerability updater from an enrichment updater. */
  readonly kind?: 'vulnerability';
  /** Unique; stored with every operation, e.g. `debian/updater`, `osv/pypi`. */
  readonly name: string;
  fetch(previousFingerprint: string | undefined, ctx: UpdaterContext): Promise<FetchResult>;
  /** The feed's vulnerabilities; a malformed feed throws InvalidInputError naming where. */
  parse(file: string, ctx: UpdaterContext): AsyncIterable<Vulnerability>;
};

/**
 * What a delta feed says about one vulnerability name (a CVE): its records now, replacing every
 * record of that name the previous operation held (none, when the document asserts nothing
 * usable), or that the name is gone.
 */
export type DeltaRecord =
  | { readonly kind: 'document'; readonly name: string; readonly vulnerabilities: readonly Vulnerability[] }
  | { readonly kind: 'deleted'; readonly name: string };

/**
 * A feed that sends only what changed (claircore's DeltaUpdater): each run's operation keeps the
 * previous operation's records of every name the parse does not mention.
 */
export type DeltaUpdater = {
  readonly kind: 'delta';
  readonly name: string;
  fetch(previousFingerprint: string | undefined, ctx: UpdaterContext): Promise<FetchResult>;
  /** Name by name; a later record about a name wins over an earlier one. */
  parse(file: string, ctx: UpdaterContext): AsyncIterable<DeltaRecord>;
};

/** One enrichment (claircore's EnrichmentRecord): JSON data about what its tags name, e.g. a CVE id. */
export type EnrichmentRecord = {
  readonly tags: readonly string[];
  readonly data: unknown;
};

/**
 * A feed of enrichments (claircore's EnrichmentUpdater): run as a vulnerability updater is, its
 * records stored as an operation of kind 'enrichment'.
 */
export type EnrichmentUpdater = {
  readonly kind: 'enrichment';
  readonly name: string;
  fetch(previousFingerprint: string | undefined, ctx: UpdaterContext): Promise<FetchResult>;
  /** The feed's records; a broken feed throws an error naming where. */
  parse(file: string, ctx: UpdaterContext): AsyncIterable<EnrichmentRecord>;
};

export type AnyUpdater = Updater | DeltaUpdater | EnrichmentUpdater;

/**
 * An updater as plain data, so a dispatcher can put it in a queue message and a worker rebuild
 * it without discovering anything again.
 */
export type UpdaterSpec = {
  /** The set (factory) it belongs to: `debian`, `alpine`, `osv`, ... */
  readonly set: string;
  readonly name: string;
  /** Whatever the factory needs to rebuild it: a URL, a release. */
  readonly params: Readonly<Record<string, string>>;
};

/**
 * A set of updaters (claircore's UpdaterSetFactory), configured by `updaters.config.<set>`; of
 * vulnerability updaters unless U says otherwise.
 */
export type UpdaterSetFactory<U extends AnyUpdater = Updater> = {
  readonly name: string;
  /** The updaters of this set now; may ask upstream (releases, ecosystems). */
  discover(config: Readonly<Record<string, unknown>>, ctx: UpdaterContext): Promise<UpdaterSpec[]>;
  build(spec: UpdaterSpec, config: Readonly<Record<string, unknown>>): U;
};
