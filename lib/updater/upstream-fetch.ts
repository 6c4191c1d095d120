// Requests to upstream feeds, indexes and mappings: the caller's signal plus a deadline, and every
// failure an UpstreamError naming what was asked for and why.
import { UpstreamError } from '../errors.ts';

export type UpstreamRequest = {
  /** What the URL is, for messages: `feed`, `vex archive`, `mapping`. */
  readonly what: string;
  readonly signal: AbortSignal;
  /** The request and its body, together. */
  readonly timeoutMs: number;
  readonly init?: RequestInit;
  /** Statuses handed back; any other is an UpstreamError. @default [200] */
  readonly ok?: readonly number[];
};

/** The response, whose body the same deadline still bounds. */
export async function upstreamFetch(url: string, request: UpstreamRequest): Promise<Response> {
  const signal = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]);
  let response: Response;
  try {
    response = await fetch(url, {
      ...request.init,
      headers: { 'user-agent': 'clairless', ...request.init?.headers },
      signal,
    });
  } catch (cause) {
    throw new UpstreamError(`${request.what} ${url}: ${failureReason(cause, request.timeoutMs)}`, { cause });
  }
  if (!(request.ok ?? [200]).includes(response.status)) {
    await response.body?.cancel();
    throw new UpstreamError(`${request.what} ${url} answered ${response.status}`);
  }
  return response;
}

/** Why a request failed, in words: the deadline, or fetch's message with its cause's. */
export function failureReason(err: unknown, timeoutMs: number): string {
  if (err instanceof DOMException && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof Error && err.cause instanceof Error ? `${message} (${err.cause.message})` : message;
}
