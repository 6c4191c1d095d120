import { startFunction } from '../lib/config/start-function.ts';
import { createMigrateResource } from '../lib/db/migrate-resource.ts';

const { config, log } = await startFunction(process.env);

export const handler = createMigrateResource(config, log);
