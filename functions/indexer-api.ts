import { requiredEnv } from '../lib/config/start.ts';
import { startFunction } from '../lib/config/start-function.ts';
import { openConfiguredPool } from '../lib/db/pool.ts';
import { ECOSYSTEMS } from '../lib/ecosystems/index.ts';
import { createIndexerApi } from '../lib/indexer/api.ts';
import { scannerSet } from '../lib/indexer/scanner-set.ts';
import { QUEUE_URL_ENV } from '../lib/queue/queues.ts';
import { sqsEndpointFromEnv, sqsSender } from '../lib/queue/send-message.ts';

const { config, log } = await startFunction(process.env);
const db = openConfiguredPool(config.database, log);
const enqueueIndex = sqsSender(
  requiredEnv(process.env, QUEUE_URL_ENV.indexJobs),
  sqsEndpointFromEnv(process.env),
);

export const handler = createIndexerApi({ config, log, db, scanners: scannerSet(ECOSYSTEMS), enqueueIndex });
