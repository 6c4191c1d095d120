import { UpstreamError } from '../errors.ts';
import type { UpdaterContext } from './types.ts';
import { failureReason, upstreamFetch } from './upstream-fetch.ts';

export type GetTextOptions = {
  /** The whole request, answer and body. */
  readonly timeoutMs: number;
  /** A longer body is refused: these are indexes, never feeds. @default 1 MiB */
  readonly maxBytes?: number;
};

/**
 * GETs a small upstream document (a mirror list, a repository index) as text. A network error,
 * timeout, status other than 200 or oversized body is an UpstreamError naming the URL.
 */
export async function getText(url: string, ctx: UpdaterContext, options: GetTextOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const response = await upstreamFetch(url, {
    what: 'feed',
    signal: ctx.signal,
    timeoutMs: options.timeoutMs,
  });
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for await (const chunk of response.body ?? []) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new UpstreamError(`feed ${url}: larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (cause) {
    if (cause instanceof UpstreamError) throw cause;
    throw new UpstreamError(`feed ${url}: ${failureReason(cause, options.timeoutMs)}`, { cause });
  }
  return Buffer.concat(chunks).toString('utf8');
}
