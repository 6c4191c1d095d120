import { requiredEnv } from '../lib/config/start.ts';
import { startFunction } from '../lib/config/start-function.ts';
import { openConfiguredPool } from '../lib/db/pool.ts';
import { configuredDeliverer } from '../lib/notifier/deliverer.ts';
import { createNotifyWorker } from '../lib/notifier/worker.ts';
import { QUEUE_URL_ENV } from '../lib/queue/queues.ts';
import { sqsEndpointFromEnv, sqsSender } from '../lib/queue/send-message.ts';

const { config, log } = await startFunction(process.env);
const db = openConfiguredPool(config.database, log);
const sqs = sqsEndpointFromEnv(process.env);
const sendNotification = sqsSender(requiredEnv(process.env, QUEUE_URL_ENV.notifications), sqs);

export const handler = createNotifyWorker({
  db,
  log,
  config,
  deliver: configuredDeliverer(config, db, sendNotification),
  enqueueNotify: sqsSender(requiredEnv(process.env, QUEUE_URL_ENV.notifierJobs), sqs),
});
