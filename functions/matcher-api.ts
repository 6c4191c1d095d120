import { startProcess } from '../lib/config/start.ts';
import { createMatcherApi } from '../lib/matcher/api.ts';

const { config, log } = await startProcess([], process.env);

export const handler = createMatcherApi({ config, log });
