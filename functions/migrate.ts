import { startProcess } from '../lib/config/start.ts';
import { createMigrateResource } from '../lib/db/migrate-resource.ts';

const { config, log } = await startProcess([], process.env);

export const handler = createMigrateResource(config, log);
