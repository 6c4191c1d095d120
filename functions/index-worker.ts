import { startProcess } from '../lib/config/start.ts';
import { createIndexWorker } from '../lib/indexer/worker.ts';

const { log } = await startProcess([], process.env);

export const handler = createIndexWorker({ log });
