// Image references as docker reads them: [registry[:port]/]repository[:tag][@digest].

import { InvalidInputError } from '../errors.ts';
import { type Digest, parseDigest } from '../indexer/digest.ts';

export type ImageReference = {
  /** The registry as written (`docker.io` when none was): the key of docker's credentials. */
  readonly registry: string;
  /** Where its API answers: `registry-1.docker.io` for Docker Hub. */
  readonly host: string;
  /** `library/debian` for Docker Hub's `debian`. */
  readonly repository: string;
  /** A tag or a digest: what to ask the manifests endpoint for. */
  readonly reference: string;
  readonly digest?: Digest;
  /** The reference as given, for messages. */
  readonly text: string;
};

const DOCKER_HUB = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

/** The reference in text, or InvalidInputError saying which part is wrong. */
export function parseImageReference(text: string): ImageReference {
  const fail = (why: string): never => {
    throw new InvalidInputError(`image reference ${JSON.stringify(text)} ${why}`);
  };
  let rest = text.trim();
  if (rest === '') fail('is empty');
  let digest: Digest | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    try {
      digest = parseDigest(rest.slice(at + 1), 'digest');
    } catch (err) {
      fail(`has a bad digest: ${(err as Error).message}`);
    }
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) fail(`has a bad tag ${JSON.stringify(tag)}`);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  // A first component naming a host: it has a dot or a port, or is localhost (docker's rule).
  const named = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = named ? first : DOCKER_HUB;
  let repository = named ? rest.slice(slash + 1) : rest;
  if (named && !HOST.test(registry)) fail(`has a bad registry ${JSON.stringify(registry)}`);
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  for (const component of repository.split('/')) {
    if (!COMPONENT.test(component)) {
      fail(
        `has a bad repository name ${JSON.stringify(repository)}: want lowercase letters, digits and separators`,
      );
    }
  }
  return {
    registry,
    host: registry === DOCKER_HUB ? 'registry-1.docker.io' : registry,
    repository,
    reference: digest ?? tag ?? 'latest',
    ...(digest === undefined ? {} : { digest }),
    text,
  };
}

/**
 * Plain HTTP for a registry on this machine, as docker allows without configuration; TLS
 * otherwise, unless the caller says the registry is insecure.
 */
export function registryScheme(reference: ImageReference, insecure: boolean): 'http' | 'https' {
  const hostname = reference.host.replace(/:\d+$/, '');
  const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  return local || insecure ? 'http' : 'https';
}
