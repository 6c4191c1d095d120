// Default values, in the units of Config. Clair's defaults where Clair has the key.

const MIB = 2 ** 20;
const GIB = 2 ** 30;

export const DEFAULT_CONFIG_PATH = 'config/local.yaml';

export const DEFAULTS = {
  httpListenAddr: ':6060',
  logLevel: 'info',
  http: { maxBodyBytes: 4 * MIB },
  database: { maxConnections: 2 },
  indexer: {
    layerScanConcurrency: 10,
    indexReportRequestConcurrency: 0,
    requestWaitMs: 20_000,
    maxAttempts: 3,
    layerFetch: {
      maxBytes: 8 * GIB,
      timeoutMs: 10 * 60_000,
      connectTimeoutMs: 10_000,
      idleTimeoutMs: 60_000,
      retries: 3,
    },
    layerLimits: {
      maxUncompressedBytes: 16 * GIB,
      maxEntries: 1_000_000,
      maxFileBytes: 8 * GIB,
      maxExpansionRatio: 100,
    },
  },
  matcher: { periodMs: 6 * 3_600_000, updateRetention: 10 },
  notifier: {
    pollIntervalMs: 6 * 3_600_000,
    deliveryIntervalMs: 3_600_000,
    deliveryAttempts: 5,
    deliveryBackoffMs: 1000,
    retentionMs: 14 * 24 * 3_600_000,
  },
  metrics: { name: '' },
  local: { dataDir: '.clairless', postgresPort: 54320, sqsPort: 9324 },
} as const;
