import { startFunction } from '../lib/config/start-function.ts';
import { openConfiguredPool } from '../lib/db/pool.ts';
import { ECOSYSTEMS } from '../lib/ecosystems/index.ts';
import { scannerSet } from '../lib/indexer/scanner-set.ts';
import { createIndexWorker } from '../lib/indexer/worker.ts';

const { config, log } = await startFunction(process.env);
const db = openConfiguredPool(config.database, log);

export const handler = createIndexWorker({
  db,
  scanners: scannerSet(ECOSYSTEMS),
  config: config.indexer,
  log,
});
