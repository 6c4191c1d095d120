import pg from 'pg';
import type { Config } from '../../lib/config/types.ts';
import { ECOSYSTEMS } from '../../lib/ecosystems/index.ts';
import type { ApiHandler } from '../../lib/http/stack.ts';
import { createIndexerApi } from '../../lib/indexer/api.ts';
import { scannerSet } from '../../lib/indexer/scanner-set.ts';
import type { Logger } from '../../lib/log.ts';

/**
 * The indexer-api handler for tests of the HTTP stack, on routes that reach neither the database
 * nor the queue (index_state, bad requests). Should one reach them, the pool's address refuses
 * connections on loopback and the queue fails loudly.
 */
export function indexerApiWithoutStore(config: Config, log: Logger): ApiHandler {
  return createIndexerApi({
    config,
    log,
    db: new pg.Pool({ connectionString: 'postgresql://127.0.0.1:9/unused', connectionTimeoutMillis: 1000 }),
    scanners: scannerSet(ECOSYSTEMS),
    enqueueIndex: async () => {
      throw new Error('this test does not queue index jobs');
    },
  });
}
