import { startProcess } from '../lib/config/start.ts';
import { createIndexerApi } from '../lib/indexer/api.ts';

const { config, log } = await startProcess([], process.env);

export const handler = createIndexerApi({ config, log });
