import { requiredEnv } from '../lib/config/start.ts';
import { startFunction } from '../lib/config/start-function.ts';
import { openConfiguredPool } from '../lib/db/pool.ts';
import { updaterSets } from '../lib/ecosystems/index.ts';
import { QUEUE_URL_ENV } from '../lib/queue/queues.ts';
import { sqsEndpointFromEnv, sqsSender } from '../lib/queue/send-message.ts';
import { createUpdateWorker } from '../lib/updater/worker.ts';

const { config, log } = await startFunction(process.env);
const db = openConfiguredPool(config.database, log);
const sqs = sqsEndpointFromEnv(process.env);
const enqueueUpdate = sqsSender(requiredEnv(process.env, QUEUE_URL_ENV.updateJobs), sqs);
const enqueueNotify = sqsSender(requiredEnv(process.env, QUEUE_URL_ENV.notifierJobs), sqs);

export const handler = createUpdateWorker({
  db,
  factories: updaterSets(),
  updaters: config.updaters,
  retention: config.matcher.updateRetention,
  log,
  enqueueUpdate,
  enqueueNotify,
});
