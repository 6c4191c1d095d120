import type { LogLevel } from '../log.ts';

/** Free-form settings handed to a named scanner, updater or matcher (Clair's `config` maps). */
export type PluginConfig = Readonly<Record<string, unknown>>;

/** The validated configuration. YAML keys are Clair's; names here are camelCase with units. */
export type Config = {
  /** Path of the file this was loaded from, or undefined for defaults only. */
  readonly file: string | undefined;
  /** `http_listen_addr`, host:port the local runtime listens on. @default ":6060" */
  readonly httpListenAddr: ListenAddr;
  /** `log_level`; Clair's `debug-color` reads as debug, `fatal` and `panic` as error. @default "info" */
  readonly logLevel: LogLevel;
  readonly http: HttpConfig;
  readonly database: DatabaseConfig;
  readonly indexer: IndexerConfig;
  readonly matcher: MatcherConfig;
  readonly matchers: MatchersConfig;
  readonly updaters: UpdatersConfig;
  readonly notifier: NotifierConfig;
  readonly auth: AuthConfig;
  readonly metrics: MetricsConfig;
  readonly local: LocalConfig;
};

export type ListenAddr = { readonly host: string; readonly port: number };

/** `http.*` (clairless). */
export type HttpConfig = {
  /** `http.max_body_bytes`: larger request bodies get 413. @default 4 MiB */
  readonly maxBodyBytes: number;
};

/** `database.*` (clairless): one PostgreSQL database holds the indexer, matcher and notifier schemas. */
export type DatabaseConfig = {
  /**
   * Connection string: `DATABASE_URL`, else the `connstring` of indexer, matcher or notifier
   * (which must agree). Undefined means the local runtime starts embedded PostgreSQL.
   */
  readonly connstring: string | undefined;
  /** `database.max_connections`: pool size per process; Lambda serves one request at a time. @default 2 */
  readonly maxConnections: number;
  /** `DATABASE_IAM_AUTH=true`: sign in with an RDS IAM token (the deployed stack, through RDS Proxy). */
  readonly iamAuth: boolean;
};

/** `indexer.*` */
export type IndexerConfig = {
  readonly connstring: string;
  /** `indexer.layer_scan_concurrency`. @default 10 */
  readonly layerScanConcurrency: number;
  /** `indexer.index_report_request_concurrency`: concurrent index requests before 429; negative is unlimited. @default 0 (automatic) */
  readonly indexReportRequestConcurrency: number;
  /** `indexer.migrations`. Accepted for Clair compatibility; clairless always migrates at start-up or deploy. */
  readonly migrations: boolean;
  /** `indexer.airgap`: layer fetches only to private, loopback and link-local addresses. @default false */
  readonly airgap: boolean;
  /** `indexer.scanner.{package,dist,repo}.<name>`: per-scanner settings. */
  readonly scanner: {
    readonly package: Readonly<Record<string, PluginConfig>>;
    readonly dist: Readonly<Record<string, PluginConfig>>;
    readonly repo: Readonly<Record<string, PluginConfig>>;
  };
  /** `indexer.request_wait` (clairless): how long POST index_report waits before answering 202. @default 20s */
  readonly requestWaitMs: number;
  /** `indexer.max_attempts` (clairless): tries per index job before IndexError and the dead-letter queue. @default 3 */
  readonly maxAttempts: number;
  /**
   * `indexer.allow_private_networks` (clairless): let layer fetches reach loopback, link-local,
   * private and unique-local addresses (a local registry). @default false
   */
  readonly allowPrivateNetworks: boolean;
  /** `indexer.layer_fetch.*` (clairless): how one layer is downloaded. */
  readonly layerFetch: LayerFetchConfig;
  /** `indexer.layer_limits.*` (clairless): what one layer may expand to; beyond, IndexError. */
  readonly layerLimits: LayerLimitsConfig;
};

/** `indexer.layer_fetch.*` */
export type LayerFetchConfig = {
  /** `max_bytes`: largest compressed layer. @default 8 GiB */
  readonly maxBytes: number;
  /** `timeout`: the whole download of one layer. @default 10m */
  readonly timeoutMs: number;
  /** `connect_timeout`: to open a connection. @default 10s */
  readonly connectTimeoutMs: number;
  /** `idle_timeout`: with no byte received. @default 60s */
  readonly idleTimeoutMs: number;
  /** `retries`: extra tries after a 429, a 5xx or a broken connection. @default 3 */
  readonly retries: number;
};

/** `indexer.layer_limits.*` */
export type LayerLimitsConfig = {
  /** `max_uncompressed_bytes`: the whole tar after decompression. @default 16 GiB */
  readonly maxUncompressedBytes: number;
  /** `max_entries`: tar entries in one layer. @default 1000000 */
  readonly maxEntries: number;
  /** `max_file_bytes`: one entry's size. @default 8 GiB */
  readonly maxFileBytes: number;
  /** `max_expansion_ratio`: uncompressed over compressed bytes (a decompression bomb). @default 100 */
  readonly maxExpansionRatio: number;
};

/** `matcher.*` */
export type MatcherConfig = {
  readonly connstring: string;
  /** `matcher.indexer_addr`: used only by Clair's split deployment; clairless reads the indexer schema. */
  readonly indexerAddr: string | undefined;
  /** `matcher.period`: how often updaters run. @default 6h */
  readonly periodMs: number;
  /** `matcher.update_retention`: update operations kept per updater; 0 turns garbage collection off. @default 10 */
  readonly updateRetention: number;
  /** `matcher.cache_age`: `Cache-Control: max-age` on vulnerability reports. @default matcher.period */
  readonly cacheAgeMs: number;
  readonly migrations: boolean;
  /** `matcher.disable_updaters`: forces `updaters.sets` to []. @default false */
  readonly disableUpdaters: boolean;
  /** `matcher.disable_enrichment`. @default false */
  readonly disableEnrichment: boolean;
};

/** `matchers.*` */
export type MatchersConfig = {
  /** `matchers.names`: null means every default matcher, [] none. */
  readonly names: readonly string[] | null;
  readonly config: Readonly<Record<string, PluginConfig>>;
};

/** `updaters.*` */
export type UpdatersConfig = {
  /** `updaters.sets`: null means every default set, [] none. */
  readonly sets: readonly string[] | null;
  readonly config: Readonly<Record<string, PluginConfig>>;
};

/** `notifier.*` */
export type NotifierConfig = {
  readonly connstring: string;
  readonly indexerAddr: string | undefined;
  readonly matcherAddr: string | undefined;
  /** `notifier.poll_interval`. @default 6h */
  readonly pollIntervalMs: number;
  /** `notifier.delivery_interval`. @default 1h */
  readonly deliveryIntervalMs: number;
  /** `notifier.disable_summary`. @default false */
  readonly disableSummary: boolean;
  readonly migrations: boolean;
  readonly webhook: WebhookConfig | undefined;
  /** `notifier.notify_first_update` (clairless): notify an updater's first operation ever. @default false */
  readonly notifyFirstUpdate: boolean;
  /** `notifier.delivery_attempts` (clairless): tries of one delivery before the set is marked failed. @default 5 */
  readonly deliveryAttempts: number;
  /** `notifier.delivery_backoff` (clairless): the first wait between tries, doubled each time. @default 1s */
  readonly deliveryBackoffMs: number;
  /** `notifier.retention` (clairless): delivered sets are purged this long after delivery. @default 336h */
  readonly retentionMs: number;
  /**
   * `notifier.sqs.*` (clairless): delivery to the notifications queue, when no webhook is set. The
   * callback defaults to the deployed API (`CLAIRLESS_API_URL`), else the local runtime.
   */
  readonly sqs: { readonly direct: boolean; readonly callback: string | undefined };
};

/** `notifier.webhook.*` */
export type WebhookConfig = {
  readonly target: string;
  readonly callback: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
};

/** `auth.*`: no section means the API is open. */
export type AuthConfig = {
  readonly psk: PskConfig | undefined;
  readonly keyserver: KeyserverConfig | undefined;
};

/** `auth.psk.*` */
export type PskConfig = {
  /** `auth.psk.key`, base64 in the file, decoded here. */
  readonly key: Uint8Array;
  /** `auth.psk.iss`: accepted issuers, besides `clair-intraservice`. */
  readonly issuers: readonly string[];
};

/** `auth.keyserver.*` (Quay keyserver; Clair removed it, clairless keeps it). */
export type KeyserverConfig = {
  /** `auth.keyserver.api`: base URL; keys are fetched from `<api>/services/<iss>/keys/<kid>`. */
  readonly api: string;
  /** `auth.keyserver.intraservice`, base64: accepts HS256 tokens from `clair-intraservice` and signs ours. */
  readonly intraservice: Uint8Array | undefined;
  /** `auth.keyserver.audience` (clairless): required `aud` values; unset means not checked. */
  readonly audience: readonly string[] | undefined;
};

/** `metrics.*` */
export type MetricsConfig = {
  /** `metrics.name`: "" or "prometheus" as in Clair; clairless publishes CloudWatch EMF on AWS. */
  readonly name: string;
};

/** `local.*` (clairless): the one-process runtime of `npm start`. */
export type LocalConfig = {
  /** `local.data_dir`: embedded PostgreSQL data and other local state. @default ".clairless" */
  readonly dataDir: string;
  /** `local.postgres_port`: embedded PostgreSQL, on 127.0.0.1. @default 54320 */
  readonly postgresPort: number;
  /** `local.sqs_port`: the SQS emulator. @default 9324 */
  readonly sqsPort: number;
};
