// Registry credentials where docker keeps them: $DOCKER_CONFIG/config.json (else
// ~/.docker/config.json), through a credential helper when one is named.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../config/yaml-reader.ts';
import { InvalidInputError } from '../errors.ts';

export type RegistryCredentials = { readonly username: string; readonly password: string };

type AuthEntry = { auth?: string; username?: string; password?: string };
type DockerConfig = {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
};

// Docker files Docker Hub's credentials under its v1 index URL.
const HUB_KEY = 'https://index.docker.io/v1/';

/** The credentials docker would use for registry, or undefined (anonymous). */
export async function dockerCredentials(
  registry: string,
  env: Env,
): Promise<RegistryCredentials | undefined> {
  const file = join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch (err) {
    throw new InvalidInputError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const hub = registry === 'docker.io';
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper !== undefined) {
    const found = await fromHelper(helper, hub ? HUB_KEY : registry, env);
    if (found !== undefined) return found;
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (host === registry || (hub && (key === HUB_KEY || host === 'index.docker.io')))
      return fromEntry(entry, file, key);
  }
  return undefined;
}

function fromEntry(entry: AuthEntry, file: string, key: string): RegistryCredentials | undefined {
  if (entry.username !== undefined && entry.password !== undefined) {
    return { username: entry.username, password: entry.password };
  }
  if (entry.auth === undefined || entry.auth === '') return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw new InvalidInputError(`${file}: auths.${key}.auth is not base64 of user:password`);
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

// The docker-credential-<name> protocol: the server URL on stdin, JSON {Username, Secret} out.
async function fromHelper(
  name: string,
  serverUrl: string,
  env: Env,
): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${name}`;
  const output = await new Promise<string | undefined>((resolve, reject) => {
    const child = execFile(program, ['get'], { timeout: 30_000, env: { ...env } }, (err, stdout, stderr) => {
      if (err === null) resolve(stdout);
      else if (/credentials not found/i.test(`${stdout}${stderr}`)) resolve(undefined);
      else reject(new InvalidInputError(`${program} get failed: ${(stderr || err.message).trim()}`));
    });
    child.stdin?.end(serverUrl);
  });
  if (output === undefined) return undefined;
  let answer: { Username?: string; Secret?: string };
  try {
    answer = JSON.parse(output) as typeof answer;
  } catch {
    throw new InvalidInputError(`${program} get answered something that is not JSON`);
  }
  const { Username, Secret } = answer;
  return Username && Secret ? { username: Username, password: Secret } : undefined;
}
