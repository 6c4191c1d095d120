// Started once per `npm test` run: one embedded PostgreSQL that every test file shares, each
// file in a database of its own (see database.ts).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '../../lib/local/postgres.ts';
import { createLogger } from '../../lib/log.ts';
import { freePort } from './free-port.ts';

let postgres: RunningPostgres | undefined;
let dir: string | undefined;

export async function globalSetup(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'clairless-test-'));
  // PostgreSQL runs as its own user when we are root, and must be able to enter this folder.
  await chmod(dir, 0o755);
  postgres = await startEmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    log: createLogger({ level: 'error' }),
  });
  process.env.CLAIRLESS_TEST_POSTGRES_URL = postgres.url;
}

export async function globalTeardown(): Promise<void> {
  await postgres?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}
