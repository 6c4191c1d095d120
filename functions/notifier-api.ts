import { startProcess } from '../lib/config/start.ts';
import { createNotifierApi } from '../lib/notifier/api.ts';

const { config, log } = await startProcess([], process.env);

export const handler = createNotifierApi({ config, log });
