import type { Config } from '../config/types.ts';
import { migrate } from '../db/migrate.ts';
import { openPool, redactConnstring } from '../db/pool.ts';
import { ECOSYSTEMS, updaterSets } from '../ecosystems/index.ts';
import { createIndexerApi } from '../indexer/api.ts';
import { scannerSet } from '../indexer/scanner-set.ts';
import { createIndexWorker } from '../indexer/worker.ts';
import type { Logger } from '../log.ts';
import { createMatcherApi } from '../matcher/api.ts';
import { createNotifierApi } from '../notifier/api.ts';
import { configuredDeliverer } from '../notifier/deliverer.ts';
import { SWEEP_JOB } from '../notifier/job.ts';
import { createNotifyWorker } from '../notifier/worker.ts';
import { QUEUES, type QueueKey, queueName } from '../queue/queues.ts';
import { sqsSender } from '../queue/send-message.ts';
import type { WorkerHandler } from '../queue/worker.ts';
import { DISPATCH_JOB } from '../updater/job.ts';
import { createUpdateWorker } from '../updater/worker.ts';
import { startHttpServer } from './http-server.ts';
import { startPoller } from './poller.ts';
import { startEmbeddedPostgres } from './postgres.ts';
import { startSchedule } from './scheduler.ts';
import { startLocalSqs } from './sqs.ts';

export type LocalRuntime = {
  readonly apiUrl: string;
  /** The database connection string with its password masked, for display. */
  readonly database: string;
  /** The database connection string itself, for tools and tests that connect to it. */
  readonly databaseUrl: string;
  /** Where embedded PostgreSQL keeps its data, when it is the one in use. */
  readonly postgresDataDir: string | undefined;
  readonly sqsEndpoint: string;
  readonly queueNames: readonly string[];
  stop(): Promise<void>;
};

// One process runs every function here, so it needs more connections than one Lambda does.
const LOCAL_MIN_CONNECTIONS = 10;
// Batches each worker takes at once, so one long index job does not hold up the others.
const LOCAL_WORKER_CONCURRENCY = 4;

/**
 * Starts the whole of clairless in this process: database, migrations, SQS emulator, the API
 * functions behind an HTTP server, queue pollers for the workers, and the updater schedule.
 * If any part fails to start, the parts already started are stopped before the error is thrown.
 */
export async function startLocalRuntime(config: Config, log: Logger): Promise<LocalRuntime> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse().splice(0))
      await stop().catch((err: unknown) => log.warn('stop fail', { err }));
  };
  try {
    const postgres =
      config.database.connstring === undefined
        ? await startEmbeddedPostgres({ dataDir: config.local.dataDir, port: config.local.postgresPort, log })
        : undefined;
    if (postgres !== undefined) stops.push(postgres.stop);
    const connstring = config.database.connstring ?? (postgres?.url as string);
    const pool = openPool(connstring, {
      maxConnections: Math.max(config.database.maxConnections, LOCAL_MIN_CONNECTIONS),
      log,
    });
    stops.push(() => pool.end());
    await migrate(pool, log);
    const scanners = scannerSet(ECOSYSTEMS);
    const sqs = await startLocalSqs(config.local.sqsPort, log, { indexJobs: config.indexer.maxAttempts });
    stops.push(sqs.stop);
    const workers: ['indexJobs' | 'updateJobs' | 'notifierJobs', WorkerHandler][] = [
      ['indexJobs', createIndexWorker({ db: pool, scanners, config: config.indexer, log })],
      [
        'updateJobs',
        createUpdateWorker({
          db: pool,
          factories: updaterSets(),
          updaters: config.updaters,
          retention: config.matcher.updateRetention,
          log,
          enqueueUpdate: sqsSender(sqs.queueUrls.updateJobs, sqs),
          enqueueNotify: sqsSender(sqs.queueUrls.notifierJobs, sqs),
        }),
      ],
      [
        'notifierJobs',
        createNotifyWorker({
          db: pool,
          log,
          config,
          deliver: configuredDeliverer(config, pool, sqsSender(sqs.queueUrls.notifications, sqs)),
          enqueueNotify: sqsSender(sqs.queueUrls.notifierJobs, sqs),
        }),
      ],
    ];
    for (const [key, handler] of workers) {
      const spec = QUEUES[key];
      const poller = startPoller({
        sqs: sqs.client,
        queueUrl: sqs.queueUrls[key],
        functionName: spec.worker,
        handler,
        timeoutMs: spec.workerTimeoutS * 1000,
        log,
        concurrency: LOCAL_WORKER_CONCURRENCY,
      });
      stops.push(poller.stop);
    }
    const deps = { config, log };
    const http = await startHttpServer({
      host: config.httpListenAddr.host,
      port: config.httpListenAddr.port,
      services: [
        {
          functionName: 'indexer-api',
          paths: ['/indexer/api/v1/', '/openapi/v1', '/robots.txt'],
          handler: createIndexerApi({
            ...deps,
            db: pool,
            scanners,
            enqueueIndex: sqsSender(sqs.queueUrls.indexJobs, sqs),
          }),
        },
        {
          functionName: 'matcher-api',
          paths: ['/matcher/api/v1/'],
          handler: createMatcherApi({ ...deps, db: pool }),
        },
        {
          functionName: 'notifier-api',
          paths: ['/notifier/api/v1/'],
          handler: createNotifierApi({ ...deps, db: pool }),
        },
      ],
      ready: async () => (await pool.query('SELECT 1')).rowCount === 1,
      log,
    });
    stops.push(http.stop);
    // The EventBridge schedules of the AWS deployment: a job on a queue at start and every period.
    const schedule = (name: string, periodMs: number, queue: QueueKey, job: unknown): void => {
      const send = sqsSender(sqs.queueUrls[queue], sqs);
      stops.push(startSchedule(name, periodMs, () => send(JSON.stringify(job)), log).stop);
    };
    if (config.updaters.sets === null || config.updaters.sets.length > 0)
      schedule('updaters', config.matcher.periodMs, 'updateJobs', DISPATCH_JOB);
    schedule('notifier', config.notifier.deliveryIntervalMs, 'notifierJobs', SWEEP_JOB);
    return {
      apiUrl: http.url,
      database: redactConnstring(connstring),
      databaseUrl: connstring,
      postgresDataDir: postgres?.dataDir,
      sqsEndpoint: sqs.endpoint,
      queueNames: Object.values(QUEUES).map(queueName),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
