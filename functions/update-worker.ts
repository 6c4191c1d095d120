import { startProcess } from '../lib/config/start.ts';
import { createUpdateWorker } from '../lib/updater/worker.ts';

const { log } = await startProcess([], process.env);

export const handler = createUpdateWorker({ log });
