import { startFunction } from '../lib/config/start-function.ts';
import { openConfiguredPool } from '../lib/db/pool.ts';
import { createMatcherApi } from '../lib/matcher/api.ts';

const { config, log } = await startFunction(process.env);
const db = openConfiguredPool(config.database, log);

export const handler = createMatcherApi({ config, log, db });
