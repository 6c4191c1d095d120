// Notifier throughput and memory: an update operation of the Debian updater adding 2,000
// advisories to a base of 10,000, against 5,000, 10,000 and 20,000 indexed Debian 12 manifests
// in an embedded PostgreSQL. Measured, each run in its own process so each peak RSS is that run's
// alone: the time to build the operation's notification set (processOperation: the diff, the
// reverse matching, the set stored) and to deliver it (deliverSet) to a real SQS emulator, as a
// callback (one message) and directly (every notification). Summary mode is the default; full
// mode (notifier.disable_summary) makes one notification per (manifest, vulnerability). The
// baseline is the same work at a quarter of the manifests: memory should not grow with them.
// Target: under 60 s; memory flat in the number of manifests.
//
//   node bench/notify.ts --child <database url> <sqs endpoint> <queue url> <summary|full> <callback|direct>
// is one measured run; it prints one JSON line of Figures.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import type pg from 'pg';
import { parseConfig } from '../lib/config/load.ts';
import { migrate } from '../lib/db/migrate.ts';
import { openPool } from '../lib/db/pool.ts';
import { debianRelease } from '../lib/ecosystems/debian/distribution-scanner.ts';
import { startEmbeddedPostgres } from '../lib/local/postgres.ts';
import { LOCAL_AWS_IDENTITY, localSqsClient } from '../lib/local/sqs.ts';
import { createLogger } from '../lib/log.ts';
import { deliverSet } from '../lib/notifier/deliver-set.ts';
import { configuredDeliverer } from '../lib/notifier/deliverer.ts';
import { processOperation } from '../lib/notifier/process-operation.ts';
import { sqsSender } from '../lib/queue/send-message.ts';
import { storeUpdate } from '../lib/updater/store/store-update.ts';
import type { Vulnerability } from '../lib/updater/types.ts';
import { freePort } from '../test/helpers/free-port.ts';

const SIZES = [5_000, 10_000, 20_000];
// 2,000 binary packages built from 1,000 source packages, two each; an image holds both binaries
// of 50 sources, so each source is in 1 image in 20 and each new advisory affects 1 in 40.
const SOURCES = 1_000;
const SOURCES_PER_IMAGE = 50;
// Package rows at 1.0-1 to 1.3-1; the images hold 1.0-1 or 1.2-1.
const VERSIONS = 4;
const BASE_PER_SOURCE = 10;
const NEW_PER_SOURCE = 2;
const UPDATER = 'debian/updater';
const CALLBACK = 'http://localhost:6060/notifier/api/v1/notification/';

const BOOKWORM = debianRelease('12', 'bookworm');
const run = promisify(execFile);

type Mode = 'summary' | 'full';
type Delivery = 'callback' | 'direct';
type Figures = {
  notifications: number;
  added: number;
  buildMs: number;
  deliverMs: number;
  messages: number;
  /** RSS once the modules are loaded and the pool is open, before any work. */
  startRssMb: number;
  peakBuildRssMb: number;
  peakRssMb: number;
};

function advisory(source: number, i: number, fixed: string, year: number): Vulnerability {
  return {
    name: `CVE-${year}-${100_000 + source * 100 + i}`,
    description: `A flaw in src-${source}: a crafted input may lead to a denial of service (issue ${i}).`,
    issued: undefined,
    links: `https://security-tracker.debian.org/tracker/CVE-${year}-${100_000 + source * 100 + i}`,
    severity: ['low', 'medium', 'high'][(source + i) % 3] as string,
    normalizedSeverity: (['Low', 'Medium', 'High'] as const)[(source + i) % 3] ?? 'Unknown',
    package: { name: `src-${source}`, version: '', module: '', arch: '', kind: 'source' },
    dist: BOOKWORM,
    repo: undefined,
    fixedInVersion: fixed,
    archOperation: '',
    range: undefined,
  };
}

/**
 * Operation 1: 10 old advisories per source, fixed at 1.0-1 or 0 (affecting no image). Operation
 * 2 adds 2 per source, fixed at 1.1-1 and 1.2-1: above the 1.0-1 of half the images.
 */
async function* records(withNew: boolean): AsyncGenerator<Vulnerability> {
  for (let s = 0; s < SOURCES; s++) {
    for (let i = 0; i < BASE_PER_SOURCE; i++) yield advisory(s, i, i % 2 === 0 ? '1.0-1' : '0', 2020);
    if (withNew) for (let i = 0; i < NEW_PER_SOURCE; i++) yield advisory(s, i, `1.${i + 1}-1`, 2026);
  }
}

/** The package rows the indexer would store, and the dist; manifests are added by addManifests. */
async function indexPackages(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO indexer.dist (did, name, version, version_code_name, version_id, pretty_name)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      BOOKWORM.did,
      BOOKWORM.name,
      BOOKWORM.version,
      BOOKWORM.versionCodeName,
      BOOKWORM.versionId,
      BOOKWORM.prettyName,
    ],
  );
  await db.query(
    `INSERT INTO indexer.package (name, kind, version, arch)
     SELECT 'bin-' || b, 'binary', '1.' || v || '-1', 'amd64'
     FROM generate_series(0, $1 * 2 - 1) b, generate_series(0, $2 - 1) v`,
    [SOURCES, VERSIONS],
  );
  await db.query(
    `INSERT INTO indexer.package (name, kind, version)
     SELECT 'src-' || s, 'source', '1.' || v || '-1'
     FROM generate_series(0, $1 - 1) s, generate_series(0, $2 - 1) v`,
    [SOURCES, VERSIONS],
  );
  return Number(rows[0]?.id);
}

/**
 * Manifests from..to-1: image m holds sources (53m + 20k) mod 1000 for k < 50 and both binaries
 * of each, all at 1.0-1 in even images (each new advisory of their sources applies) and 1.2-1 in
 * odd ones (none does); manifest_index lists the three.
 */
async function addManifests(db: pg.Pool, dist: number, from: number, to: number): Promise<void> {
  await db.query(
    `INSERT INTO indexer.manifest (hash)
     SELECT 'sha256:' || encode(sha256(('bench-' || m)::bytea), 'hex') FROM generate_series($1::int, $2::int - 1) m`,
    [from, to],
  );
  await db.query(
    `WITH image AS (
       SELECT mf.id, (m * 53 + k * 20) % $4 AS s, m
       FROM generate_series($1::int, $2::int - 1) m
       JOIN indexer.manifest mf ON mf.hash = 'sha256:' || encode(sha256(('bench-' || m)::bytea), 'hex'),
       generate_series(0, $5 - 1) k)
     INSERT INTO indexer.manifest_index (package_id, dist_id, manifest_id)
     SELECT p.id, $3, image.id
     FROM image CROSS JOIN LATERAL unnest(ARRAY['src-' || s, 'bin-' || (2 * s), 'bin-' || (2 * s + 1)]) AS n(name)
     JOIN indexer.package p ON p.name = n.name AND p.version = '1.' || (2 * (m % 2)) || '-1'`,
    [from, to, dist, SOURCES, SOURCES_PER_IMAGE],
  );
}

/** One measured run: processOperation then deliverSet, in this process. */
async function child(args: readonly string[]): Promise<void> {
  const [databaseUrl, endpoint, queueUrl, mode, delivery] = args as [string, string, string, Mode, Delivery];
  const log = createLogger({ level: 'warn' });
  const db = openPool(databaseUrl, { maxConnections: 4, log });
  const sqs = localSqsClient(endpoint);
  const mb = (kb: number) => kb / 1024;
  try {
    const base = parseConfig('', 'bench.yaml', {}).config;
    const config = {
      ...base,
      notifier: {
        ...base.notifier,
        disableSummary: mode === 'full',
        sqs: { direct: delivery === 'direct', callback: CALLBACK },
      },
    };
    const { rows } = await db.query<{ ref: string }>(
      'SELECT ref FROM matcher.update_operation WHERE updater = $1 ORDER BY id DESC LIMIT 1',
      [UPDATER],
    );
    const ref = rows[0]?.ref as string;
    let messages = 0;
    const send = sqsSender(queueUrl, { identity: LOCAL_AWS_IDENTITY, endpoint });
    const deliver = configuredDeliverer(config, db, async (body) => {
      messages++;
      await send(body);
    });
    const startRssMb = mb(process.resourceUsage().maxRSS);
    const start = performance.now();
    const set = await processOperation({ db, log, config }, UPDATER, ref);
    const buildMs = performance.now() - start;
    const peakBuildRssMb = mb(process.resourceUsage().maxRSS);
    if (set === undefined) throw new Error(`no set for operation ${ref}`);
    const delivered = performance.now();
    const outcome = await deliverSet(
      { db, log, deliver, config: config.notifier },
      set,
      new AbortController().signal,
    );
    const deliverMs = performance.now() - delivered;
    if (!outcome.delivered) throw new Error(`delivery failed: ${outcome.error}`);
    const { rows: added } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM matcher.uo_vuln l JOIN matcher.update_operation o ON o.id = l.uo AND o.ref = $1
       WHERE NOT EXISTS (SELECT 1 FROM matcher.uo_vuln l2 JOIN matcher.update_operation o2 ON o2.id = l2.uo
         WHERE o2.updater = $2 AND o2.ref <> $1 AND l2.vuln = l.vuln)`,
      [ref, UPDATER],
    );
    const figures: Figures = {
      notifications: set.notifications,
      added: Number(added[0]?.n),
      buildMs,
      deliverMs,
      messages,
      startRssMb,
      peakBuildRssMb,
      peakRssMb: mb(process.resourceUsage().maxRSS),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    sqs.destroy();
    await db.end();
  }
}

async function measure(
  db: pg.Pool,
  args: { databaseUrl: string; endpoint: string; queueUrl: string; mode: Mode; delivery: Delivery },
): Promise<Figures> {
  // A set is made once per operation: the last run's goes, so this run makes it again.
  await db.query('DELETE FROM notifier.notification_set');
  const { stdout } = await run(
    process.execPath,
    [
      import.meta.filename,
      '--child',
      args.databaseUrl,
      args.endpoint,
      args.queueUrl,
      args.mode,
      args.delivery,
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as Figures;
}

export async function benchNotify(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'clairless-bench-notify-'));
  // Embedded PostgreSQL runs as its own user when the bench runs as root.
  await chmod(dataDir, 0o755);
  const log = createLogger({ level: 'warn' });
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
  const db = openPool(postgres.url, { maxConnections: 2, log });
  const server = await startFauxqs({ port: 0, logger: false });
  const sqs = localSqsClient(server.address);
  try {
    await migrate(db, log);
    const loadStart = performance.now();
    await storeUpdate(db, UPDATER, 'bench-1', records(false));
    await storeUpdate(db, UPDATER, 'bench-2', records(true));
    const dist = await indexPackages(db);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-notifications' }));
    const queueUrl = QueueUrl as string;
    const endpoint = server.address;
    const ms = (v: number) => `${(v / 1000).toFixed(1)} s`;
    const line = (label: string, f: Figures) =>
      `  ${label.padEnd(26)} ${f.notifications.toLocaleString('en')} notifications: build ${ms(f.buildMs)}, deliver ${ms(f.deliverMs)} (${f.messages.toLocaleString('en')} messages), total ${ms(f.buildMs + f.deliverMs)}; peak RSS ${f.peakRssMb.toFixed(0)} MB (${f.peakBuildRssMb.toFixed(0)} MB after the build, ${f.startRssMb.toFixed(0)} MB at start)`;
    process.stdout.write(
      `\nnotify: Debian updater operation adding ${(SOURCES * NEW_PER_SOURCE).toLocaleString('en')} advisories to ${(SOURCES * BASE_PER_SOURCE).toLocaleString('en')} (loaded in ${loadSeconds.toFixed(0)} s); images of ${SOURCES_PER_IMAGE * 2} binaries from ${SOURCES_PER_IMAGE} of ${SOURCES.toLocaleString('en')} sources\n`,
    );
    const peaks: Record<string, number[]> = {};
    let indexed = 0;
    for (const size of SIZES) {
      const indexStart = performance.now();
      await addManifests(db, dist, indexed, size);
      indexed = size;
      await db.query('VACUUM ANALYZE');
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM indexer.manifest_index');
      process.stdout.write(
        `  ${size.toLocaleString('en')} manifests (${Number(rows[0]?.n).toLocaleString('en')} manifest_index rows, indexed in ${((performance.now() - indexStart) / 1000).toFixed(0)} s)\n`,
      );
      let added = 0;
      for (const [mode, delivery] of [
        ['summary', 'callback'],
        ['summary', 'direct'],
        ['full', 'callback'],
        ['full', 'direct'],
      ] as const) {
        await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
        const f = await measure(db, { databaseUrl: postgres.url, endpoint, queueUrl, mode, delivery });
        added = f.added;
        peaks[`${mode}, ${delivery}`] = [...(peaks[`${mode}, ${delivery}`] ?? []), f.peakRssMb];
        process.stdout.write(`${line(`${mode}, ${delivery}`, f)}\n`);
      }
      process.stdout.write(`  (${added.toLocaleString('en')} advisories in the diff)\n`);
    }
    const first = SIZES[0] as number;
    const last = SIZES.at(-1) as number;
    for (const [label, rss] of Object.entries(peaks)) {
      process.stdout.write(
        `  peak RSS ${label.padEnd(17)} ${rss.map((r) => `${r.toFixed(0)} MB`).join(', ')}: ${((rss.at(-1) ?? 0) / (rss[0] ?? 1)).toFixed(2)}x from ${first.toLocaleString('en')} to ${last.toLocaleString('en')} manifests\n`,
      );
    }
    process.stdout.write('  target                     < 60 s; memory flat in the number of manifests\n');
  } finally {
    sqs.destroy();
    await server.stop();
    await db.end();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main && process.argv[2] === '--child') await child(process.argv.slice(3));
