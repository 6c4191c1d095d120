import { withDeploymentSecrets } from './deployment-secrets.ts';
import { secretsManagerFetcher } from './secrets-manager.ts';
import { type Started, startProcess } from './start.ts';
import type { Env } from './yaml-reader.ts';

/** A Lambda cold start: the secrets the deployment names are read first, then as startProcess. */
export async function startFunction(env: Env): Promise<Started> {
  return startProcess([], await withDeploymentSecrets(env, secretsManagerFetcher(env)));
}
