// The flags every command that reads an image from a registry takes, as docker and clairctl
// spell them.
import type { Env } from '../config/yaml-reader.ts';
import { InvalidInputError } from '../errors.ts';
import type { Manifest } from '../indexer/manifest.ts';
import { registryClient } from '../registry/client.ts';
import { dockerCredentials } from '../registry/docker-config.ts';
import { inspectImage } from '../registry/inspect-image.ts';
import { DEFAULT_PLATFORM, type Platform, parsePlatform } from '../registry/platform.ts';
import { parseImageReference } from '../registry/reference.ts';
import { walkFlags } from './flags.ts';

export type RegistryFlags = {
  readonly platform: Platform;
  readonly insecure: boolean;
  readonly username?: string;
  readonly passwordStdin: boolean;
};

export const REGISTRY_FLAGS_USAGE = `  --platform OS/ARCH[/VARIANT]  the image of a multi-platform index (default linux/amd64)
  --insecure                    plain HTTP to the registry (always so for localhost and 127.0.0.1)
  --username USER --password-stdin
                                registry credentials, the password read from stdin; otherwise
                                docker's ($DOCKER_CONFIG or ~/.docker/config.json), else anonymous`;

/** The registry flags in args, and the arguments left (the image references, and others). */
export function parseRegistryFlags(args: readonly string[]): { flags: RegistryFlags; rest: string[] } {
  let platform = DEFAULT_PLATFORM;
  let insecure = false;
  let username: string | undefined;
  let passwordStdin = false;
  const rest = walkFlags(args, (arg, value) => {
    if (arg === '--platform') platform = parsePlatform(value());
    else if (arg === '--insecure') insecure = true;
    else if (arg === '--username') username = value();
    else if (arg === '--password-stdin') passwordStdin = true;
    else return false;
    return true;
  });
  if (passwordStdin !== (username !== undefined)) {
    throw new InvalidInputError('--username and --password-stdin go together');
  }
  return {
    flags: { platform, insecure, ...(username === undefined ? {} : { username }), passwordStdin },
    rest,
  };
}

/** The Clair manifest of one image reference, signed in as the flags or docker's config say. */
export async function resolveManifest(
  text: string,
  flags: RegistryFlags,
  env: Env,
  readPassword: () => Promise<string>,
): Promise<Manifest> {
  const reference = parseImageReference(text);
  const credentials =
    flags.username === undefined
      ? await dockerCredentials(reference.registry, env)
      : { username: flags.username, password: await readPassword() };
  const client = registryClient(reference, {
    insecure: flags.insecure,
    ...(credentials === undefined ? {} : { credentials }),
  });
  return inspectImage(reference, client, flags.platform);
}
