import { startProcess } from '../lib/config/start.ts';
import { createNotifyWorker } from '../lib/notifier/worker.ts';

const { log } = await startProcess([], process.env);

export const handler = createNotifyWorker({ log });
