// One reader per part of the config file: Clair's YAML keys in, typed Config parts out.
import type { LogLevel } from '../log.ts';
import { DEFAULTS } from './defaults.ts';
import { DEPLOYMENT_ENV } from './deployment-env.ts';
import type {
  AuthConfig,
  Config,
  IndexerConfig,
  LayerFetchConfig,
  LayerLimitsConfig,
  ListenAddr,
  LocalConfig,
  MatcherConfig,
  MatchersConfig,
  NotifierConfig,
  UpdatersConfig,
} from './types.ts';
import type { Env, Section } from './yaml-reader.ts';

const MINUTE_MS = 60_000;

export type ReadContext = {
  readonly file: string;
  readonly env: Env;
  /** Collects accepted but noteworthy settings. */
  readonly warnings: string[];
};

/** The whole Config from the root section; problems go to the reader, so the walk never stops early. */
export function readConfig(root: Section, { file, env, warnings }: ReadContext): Config {
  const indexer = readIndexer(root.section('indexer'), warnings);
  const matcher = readMatcher(root.section('matcher'), warnings);
  const notifier = readNotifier(root.section('notifier'), warnings, env);
  for (const key of ['introspection_addr', 'tls', 'trace']) {
    if (root.ignored(key)) warnings.push(`${key} is not used by clairless and is ignored`);
  }
  return {
    file,
    httpListenAddr: listenAddr(root, 'http_listen_addr', DEFAULTS.httpListenAddr),
    logLevel: readLogLevel(root),
    http: {
      maxBodyBytes: root.section('http').bytes('max_body_bytes', DEFAULTS.http.maxBodyBytes, { min: 1024 }),
    },
    database: {
      connstring: resolveConnstring(root, env, [indexer.connstring, matcher.connstring, notifier.connstring]),
      maxConnections: root
        .section('database')
        .int('max_connections', DEFAULTS.database.maxConnections, { min: 1, max: 100 }),
      iamAuth: readIamAuth(root, env),
    },
    indexer,
    matcher,
    matchers: readMatchers(root.section('matchers')),
    updaters: readUpdaters(root.section('updaters'), matcher.disableUpdaters, warnings),
    notifier,
    auth: readAuth(root.section('auth')),
    metrics: { name: root.section('metrics').oneOf('name', ['', 'prometheus', 'otlp', 'stdout'], '') },
    local: readLocal(root.section('local')),
  };
}

function readMatchers(s: Section): MatchersConfig {
  return { names: s.stringList('names') ?? null, config: s.plugins('config') };
}

function readUpdaters(s: Section, disabled: boolean, warnings: string[]): UpdatersConfig {
  if (s.ignored('filter')) warnings.push('updaters.filter is ignored, as in Clair');
  const sets = s.stringList('sets') ?? null;
  return { sets: disabled ? [] : sets, config: s.plugins('config') };
}

function listenAddr(section: Section, key: string, fallback: string): ListenAddr {
  const text = section.string(key, fallback);
  const match = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    section.problem(
      key,
      `${JSON.stringify(text)} is not host:port (for example ":6060" or "127.0.0.1:6060")`,
    );
    return { host: '', port: 6060 };
  }
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}

function readLogLevel(root: Section): LogLevel {
  const level = root.oneOf(
    'log_level',
    ['debug-color', 'debug', 'info', 'warn', 'error', 'fatal', 'panic'],
    DEFAULTS.logLevel,
  );
  if (level === 'debug-color') return 'debug';
  if (level === 'fatal' || level === 'panic') return 'error';
  return level;
}

function readIndexer(s: Section, warnings: string[]): IndexerConfig {
  if (s.ignored('scanlock_retry')) warnings.push('indexer.scanlock_retry is ignored, as in Clair');
  const scanner = s.section('scanner');
  const requestWaitMs = s.durationMs('request_wait', DEFAULTS.indexer.requestWaitMs, {
    min: 0,
    max: 15 * MINUTE_MS,
  });
  if (requestWaitMs >= 30_000) {
    warnings.push(
      'indexer.request_wait is 30s or more: API Gateway ends requests at 30s, so on AWS clients see 503',
    );
  }
  return {
    connstring: s.string('connstring', ''),
    layerScanConcurrency:
      s.int('layer_scan_concurrency', 0, { min: 0 }) || DEFAULTS.indexer.layerScanConcurrency,
    indexReportRequestConcurrency: s.int('index_report_request_concurrency', 0),
    migrations: s.bool('migrations', false),
    airgap: s.bool('airgap', false),
    scanner: {
      package: scanner.plugins('package'),
      dist: scanner.plugins('dist'),
      repo: scanner.plugins('repo'),
    },
    requestWaitMs,
    maxAttempts: s.int('max_attempts', DEFAULTS.indexer.maxAttempts, { min: 1, max: 20 }),
    allowPrivateNetworks: s.bool('allow_private_networks', false),
    layerFetch: readLayerFetch(s.section('layer_fetch')),
    layerLimits: readLayerLimits(s.section('layer_limits')),
  };
}

function readLayerFetch(s: Section): LayerFetchConfig {
  const d = DEFAULTS.indexer.layerFetch;
  return {
    maxBytes: s.bytes('max_bytes', d.maxBytes, { min: 1 }),
    timeoutMs: s.durationMs('timeout', d.timeoutMs, { min: 1000 }),
    connectTimeoutMs: s.durationMs('connect_timeout', d.connectTimeoutMs, { min: 100 }),
    idleTimeoutMs: s.durationMs('idle_timeout', d.idleTimeoutMs, { min: 100 }),
    retries: s.int('retries', d.retries, { min: 0, max: 10 }),
  };
}

function readLayerLimits(s: Section): LayerLimitsConfig {
  const d = DEFAULTS.indexer.layerLimits;
  return {
    maxUncompressedBytes: s.bytes('max_uncompressed_bytes', d.maxUncompressedBytes, { min: 1 }),
    maxEntries: s.int('max_entries', d.maxEntries, { min: 1 }),
    maxFileBytes: s.bytes('max_file_bytes', d.maxFileBytes, { min: 1 }),
    maxExpansionRatio: s.int('max_expansion_ratio', d.maxExpansionRatio, { min: 2 }),
  };
}

function readMatcher(s: Section, warnings: string[]): MatcherConfig {
  const periodMs = s.durationMs('period', DEFAULTS.matcher.periodMs, { min: MINUTE_MS });
  let updateRetention = s.int('update_retention', DEFAULTS.matcher.updateRetention);
  if (updateRetention < 0) {
    warnings.push('matcher.update_retention is negative: garbage collection of update operations is off');
    updateRetention = 0;
  } else if (updateRetention < 2) {
    warnings.push(
      `matcher.update_retention ${updateRetention} is read as ${DEFAULTS.matcher.updateRetention}, as in Clair`,
    );
    updateRetention = DEFAULTS.matcher.updateRetention;
  }
  if (s.ignored('max_conn_pool'))
    warnings.push('matcher.max_conn_pool is deprecated and ignored: use database.max_connections');
  return {
    connstring: s.string('connstring', ''),
    indexerAddr: s.url('indexer_addr'),
    periodMs,
    updateRetention,
    cacheAgeMs: s.durationMs('cache_age', periodMs, { min: 0 }),
    migrations: s.bool('migrations', false),
    disableUpdaters: s.bool('disable_updaters', false),
    disableEnrichment: s.bool('disable_enrichment', false),
  };
}

function readNotifier(s: Section, warnings: string[], env: Env): NotifierConfig {
  for (const key of ['amqp', 'stomp']) {
    if (s.ignored(key))
      warnings.push(`notifier.${key} is not supported: clairless delivers through SQS or a webhook`);
  }
  const hook = s.section('webhook');
  let webhook: NotifierConfig['webhook'];
  if (s.has('webhook')) {
    if (hook.ignored('signed')) warnings.push('notifier.webhook.signed is ignored, as in Clair');
    const target = hook.url('target');
    const callback = hook.url('callback');
    if (target === undefined) hook.problem('target', 'is required when notifier.webhook is set');
    if (callback === undefined) hook.problem('callback', 'is required when notifier.webhook is set');
    webhook = {
      target: target ?? '',
      callback: callback === undefined || callback.endsWith('/') ? (callback ?? '') : `${callback}/`,
      headers: hook.headers('headers'),
    };
  }
  const sqs = s.section('sqs');
  const sqsCallback = sqs.url('callback') ?? deployedCallback(env);
  return {
    connstring: s.string('connstring', ''),
    indexerAddr: s.url('indexer_addr'),
    matcherAddr: s.url('matcher_addr'),
    pollIntervalMs: s.durationMs('poll_interval', DEFAULTS.notifier.pollIntervalMs, { min: MINUTE_MS }),
    deliveryIntervalMs: s.durationMs('delivery_interval', DEFAULTS.notifier.deliveryIntervalMs, {
      min: MINUTE_MS,
    }),
    disableSummary: s.bool('disable_summary', false),
    migrations: s.bool('migrations', false),
    webhook,
    notifyFirstUpdate: s.bool('notify_first_update', false),
    deliveryAttempts: s.int('delivery_attempts', DEFAULTS.notifier.deliveryAttempts, { min: 1, max: 20 }),
    deliveryBackoffMs: s.durationMs('delivery_backoff', DEFAULTS.notifier.deliveryBackoffMs, { min: 0 }),
    retentionMs: s.durationMs('retention', DEFAULTS.notifier.retentionMs, { min: MINUTE_MS }),
    sqs: {
      direct: sqs.bool('direct', false),
      callback: sqsCallback === undefined || sqsCallback.endsWith('/') ? sqsCallback : `${sqsCallback}/`,
    },
  };
}

// A deployed stack names its API in CLAIRLESS_API_URL, so its notifications point readers there.
function deployedCallback(env: Env): string | undefined {
  const api = env[DEPLOYMENT_ENV.apiUrl];
  return api ? `${api.replace(/\/+$/, '')}/notifier/api/v1/notification/` : undefined;
}

function readAuth(s: Section): AuthConfig {
  const psk = s.section('psk');
  const keyserver = s.section('keyserver');
  let pskConfig: AuthConfig['psk'];
  if (s.has('psk')) {
    const key = psk.base64('key');
    const issuers = psk.stringList('iss') ?? [];
    if (!psk.has('key')) psk.problem('key', 'key is empty: want the base64 pre-shared key');
    if (issuers.length === 0) psk.problem('iss', 'no issuers defined: want a list such as [quay, clairctl]');
    pskConfig = { key: key ?? new Uint8Array(), issuers };
  }
  let keyserverConfig: AuthConfig['keyserver'];
  if (s.has('keyserver')) {
    const api = keyserver.url('api');
    if (api === undefined) keyserver.problem('api', 'is required: the keyserver base URL');
    const audience = keyserver.stringList('audience');
    if (audience?.length === 0)
      keyserver.problem(
        'audience',
        'is empty: list the accepted audiences, or leave it out to skip the check',
      );
    keyserverConfig = { api: api ?? '', intraservice: keyserver.base64('intraservice'), audience };
  }
  return { psk: pskConfig, keyserver: keyserverConfig };
}

function readLocal(s: Section): LocalConfig {
  const port = { min: 1, max: 65535 };
  return {
    dataDir: s.string('data_dir', DEFAULTS.local.dataDir),
    postgresPort: s.int('postgres_port', DEFAULTS.local.postgresPort, port),
    sqsPort: s.int('sqs_port', DEFAULTS.local.sqsPort, port),
  };
}

function readIamAuth(root: Section, env: Env): boolean {
  const value = env[DEPLOYMENT_ENV.databaseIamAuth];
  if (value === undefined || value === '' || value === 'false') return false;
  if (value !== 'true')
    root.problem('database', `DATABASE_IAM_AUTH is ${JSON.stringify(value)}: want true or false`);
  return value === 'true';
}

// clairless keeps every service in one database (the matcher reads the indexer schema), so the
// three Clair connstrings may be given but must agree.
function resolveConnstring(root: Section, env: Env, connstrings: readonly string[]): string | undefined {
  const url = env[DEPLOYMENT_ENV.databaseUrl];
  if (url) return url;
  const distinct = [...new Set(connstrings.filter((c) => c !== ''))];
  if (distinct.length > 1) {
    root.problem(
      'indexer',
      'indexer, matcher and notifier connstring differ: clairless keeps all three in one database',
    );
  }
  return distinct[0];
}
