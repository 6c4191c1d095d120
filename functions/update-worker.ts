import { SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv, startProcess } from '../lib/config/start.ts';
import { openConfiguredPool } from '../lib/db/pool.ts';
import { updaterSets } from '../lib/ecosystems/index.ts';
import { sqsSender } from '../lib/queue/send-message.ts';
import { createUpdateWorker } from '../lib/updater/worker.ts';

const { config, log } = await startProcess([], process.env);
const db = openConfiguredPool(config.database, log);
const sqs = new SQSClient({});
const enqueueUpdate = sqsSender(sqs, requiredEnv(process.env, 'UPDATE_JOBS_QUEUE_URL'));
const enqueueNotify = sqsSender(sqs, requiredEnv(process.env, 'NOTIFIER_JOBS_QUEUE_URL'));

export const handler = createUpdateWorker({
  db,
  factories: updaterSets(),
  updaters: config.updaters,
  retention: config.matcher.updateRetention,
  log,
  enqueueUpdate,
  enqueueNotify,
});
