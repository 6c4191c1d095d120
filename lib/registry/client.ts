// One repository of one registry, over the distribution API, signing in the way the registry's
// 401 asks: the bearer token dance with a repository:<name>:pull scope, or basic auth.
import { InvalidInputError, UpstreamError } from '../errors.ts';
import { parseAuthChallenge } from './auth-challenge.ts';
import type { RegistryCredentials } from './docker-config.ts';
import { type ImageReference, registryScheme } from './reference.ts';

// Manifests, tokens and one-byte blob probes: a registry that says nothing for this long is down.
const REQUEST_TIMEOUT_MS = 60_000;

export type RegistryClientOptions = {
  readonly credentials?: RegistryCredentials;
  /** Plain HTTP to a registry that is not on this machine. @default false */
  readonly insecure?: boolean;
  readonly userAgent?: string;
};

export type RegistryClient = {
  /** `http(s)://host`, where the repository's paths start. */
  readonly base: string;
  /** A GET of base + path, signed in; 401 after signing in means the credentials were refused. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** The Authorization header the last signed request carried, if any. */
  authorization(): string | undefined;
};

export function registryClient(
  reference: ImageReference,
  options: RegistryClientOptions = {},
): RegistryClient {
  const base = `${registryScheme(reference, options.insecure ?? false)}://${reference.host}`;
  const userAgent = options.userAgent ?? 'clairless';
  const basic =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  let authorization: string | undefined;

  const send = async (url: string, headers: Record<string, string>): Promise<Response> => {
    try {
      return await fetch(url, {
        headers: { 'user-agent': userAgent, ...headers },
        redirect: 'follow',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as Error).cause;
      const why = cause instanceof Error ? cause.message : (err as Error).message;
      throw new UpstreamError(`cannot reach registry ${reference.host}: ${why}`);
    }
  };

  const signIn = async (response: Response): Promise<string> => {
    const challenge = parseAuthChallenge(response.headers.get('www-authenticate'));
    if (challenge?.scheme === 'basic') {
      if (basic === undefined) throw needsCredentials(reference);
      return basic;
    }
    if (challenge?.scheme !== 'bearer' || challenge.params.realm === undefined) {
      throw new UpstreamError(
        `registry ${reference.host} answered 401 without a challenge clairless can follow: ${JSON.stringify(response.headers.get('www-authenticate'))}`,
      );
    }
    if (!URL.canParse(challenge.params.realm)) {
      throw new UpstreamError(
        `registry ${reference.host} names a token service that is not a URL: ${JSON.stringify(challenge.params.realm)}`,
      );
    }
    const url = new URL(challenge.params.realm);
    if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
    // Ours, and any other scope the registry's challenge asks for.
    const scopes = new Set([
      `repository:${reference.repository}:pull`,
      ...(challenge.params.scope?.split(' ') ?? []),
    ]);
    for (const scope of scopes) if (scope !== '') url.searchParams.append('scope', scope);
    const answer = await send(url.toString(), basic === undefined ? {} : { authorization: basic });
    if (answer.status === 401 || answer.status === 403) {
      throw basic === undefined ? needsCredentials(reference) : refused(reference, answer.status);
    }
    if (!answer.ok) throw new UpstreamError(`registry token service ${url.host} answered ${answer.status}`);
    let body: { token?: unknown; access_token?: unknown };
    try {
      body = (await answer.json()) as typeof body;
    } catch {
      throw new UpstreamError(`registry token service ${url.host} answered something that is not JSON`);
    }
    const token = body.token ?? body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new UpstreamError(`registry token service ${url.host} answered without a token`);
    }
    return `Bearer ${token}`;
  };

  return {
    base,
    authorization: () => authorization,
    async get(path, headers = {}) {
      const url = `${base}${path}`;
      const signed = () => (authorization === undefined ? headers : { ...headers, authorization });
      let response = await send(url, signed());
      if (response.status !== 401) return response;
      await response.body?.cancel();
      authorization = await signIn(response);
      response = await send(url, signed());
      if (response.status === 401) {
        await response.body?.cancel();
        if (basic === undefined) throw needsCredentials(reference);
        // Basic credentials refused outright; a token issued for them but refused means no access.
        throw authorization === basic
          ? refused(reference, 401)
          : noAccess(reference, options.credentials?.username);
      }
      return response;
    },
  };
}

function needsCredentials(reference: ImageReference): InvalidInputError {
  return new InvalidInputError(
    `registry ${reference.registry} wants credentials for ${reference.repository}: run docker login ${reference.registry}, or give --username and --password-stdin`,
  );
}

function noAccess(reference: ImageReference, username: string | undefined): InvalidInputError {
  return new InvalidInputError(
    `registry ${reference.registry} gave ${username} no pull access to ${reference.repository}: it does not exist, or that user may not read it`,
  );
}

function refused(reference: ImageReference, status: number): InvalidInputError {
  return new InvalidInputError(
    `registry ${reference.registry} refused the credentials for ${reference.repository} (${status}): check the user name and password`,
  );
}
