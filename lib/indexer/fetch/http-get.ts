import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidInputError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { ForbiddenAddressError, LayerFetchError } from '../errors.ts';
import { checkAddress, guardedLookup, type NetworkPolicy } from './network-guard.ts';

export type HttpGetOptions = {
  readonly policy: NetworkPolicy;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Extra tries after a 429, a 5xx or a broken connection. */
  readonly retries: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** First backoff; it doubles each try. @default 500 ms */
  readonly backoffMs?: number;
};

const MAX_REDIRECTS = 5;
const MAX_RETRY_AFTER_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A URL fit for logs and messages: registries put signatures and tokens in query strings. */
export function showUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * GET uri with the layer's headers, answering the 200 response whose body the caller streams.
 * Follows up to 5 redirects, dropping Authorization when the host changes (registries redirect
 * to blob storage); retries 429, 5xx and broken connections with exponential backoff; refuses
 * addresses the policy forbids, checked on every hop. Other statuses are permanent errors.
 */
export async function httpGet(
  uri: string,
  headers: Readonly<Record<string, readonly string[]>>,
  options: HttpGetOptions,
): Promise<IncomingMessage> {
  const backoffMs = options.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    let response: IncomingMessage;
    try {
      response = await followRedirects(new URL(uri), headers, options);
    } catch (err) {
      if (err instanceof InvalidInputError || options.signal.aborted || attempt >= options.retries) throw err;
      options.log.warn('layer fetch retry', { attempt: attempt + 1, err });
      await sleep(backoffMs * 2 ** attempt, undefined, { signal: options.signal });
      continue;
    }
    const status = response.statusCode ?? 0;
    if (status === 200) return response;
    const url = showUrl(new URL(uri));
    const start = await bodyStart(response);
    if ((status === 429 || status >= 500) && attempt < options.retries) {
      const wait = retryAfterMs(response.headers['retry-after']) ?? backoffMs * 2 ** attempt;
      options.log.warn('layer fetch retry', { attempt: attempt + 1, status, url });
      await sleep(Math.min(wait, MAX_RETRY_AFTER_MS), undefined, { signal: options.signal });
      continue;
    }
    const message = `GET ${url} answered ${status} (body starts: ${JSON.stringify(start)})`;
    if (status === 429 || status >= 500) throw new LayerFetchError(`${message} after ${attempt + 1} tries`);
    throw new InvalidInputError(message);
  }
}

async function followRedirects(
  first: URL,
  headers: Readonly<Record<string, readonly string[]>>,
  options: HttpGetOptions,
): Promise<IncomingMessage> {
  let url = first;
  let sent: Record<string, readonly string[]> = { ...headers };
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(url, sent, options);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return response;
    response.resume();
    if (hop >= MAX_REDIRECTS)
      throw new InvalidInputError(`GET ${showUrl(first)}: more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new InvalidInputError(`GET ${showUrl(url)} redirected to a ${next.protocol} URL`);
    }
    // Credentials meant for the registry must not travel to the storage host it redirects to.
    if (next.host !== url.host) sent = withoutCredentials(sent);
    url = next;
  }
}

function withoutCredentials(headers: Record<string, readonly string[]>): Record<string, readonly string[]> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !['authorization', 'cookie'].includes(name.toLowerCase())),
  );
}

function requestOnce(
  url: URL,
  headers: Readonly<Record<string, readonly string[]>>,
  options: HttpGetOptions,
): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // DNS is not consulted for an address literal, so it is checked here.
  if (isIP(host) !== 0) checkAddress(host, options.policy, host);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: { 'user-agent': 'clairless', 'accept-encoding': 'identity', ...headers },
      lookup: guardedLookup(options.policy),
      agent: false,
      signal: options.signal,
    });
    const connectTimer = setTimeout(
      () =>
        req.destroy(
          new LayerFetchError(`GET ${showUrl(url)}: no connection within ${options.connectTimeoutMs} ms`),
        ),
      options.connectTimeoutMs,
    );
    req.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    // The idle timeout stays on the socket while the body streams, so it must end the body too.
    let current: IncomingMessage | undefined;
    req.setTimeout(options.idleTimeoutMs, () => {
      const err = new LayerFetchError(
        `GET ${showUrl(url)}: nothing received for ${options.idleTimeoutMs} ms`,
      );
      current?.destroy(err);
      req.destroy(err);
    });
    req.on('response', (response) => {
      clearTimeout(connectTimer);
      current = response;
      resolve(response);
    });
    req.on('error', (err) => {
      clearTimeout(connectTimer);
      if (err instanceof ForbiddenAddressError || err instanceof LayerFetchError) reject(err);
      else if (options.signal.aborted) reject(options.signal.reason);
      else reject(new LayerFetchError(`GET ${showUrl(url)}: ${err.message}`, { cause: err }));
    });
    req.end();
  });
}

async function bodyStart(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length >= 256) break;
  }
  response.destroy();
  return text.slice(0, 256);
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
