import { startProcess } from '../lib/config/start.ts';
import { openConfiguredPool } from '../lib/db/pool.ts';
import { createMatcherApi } from '../lib/matcher/api.ts';

const { config, log } = await startProcess([], process.env);
const db = openConfiguredPool(config.database, log);

export const handler = createMatcherApi({ config, log, db });
