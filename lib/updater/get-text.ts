import { UpstreamError } from '../errors.ts';
import type { UpdaterContext } from './types.ts';

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
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    const response = await fetch(url, { headers: { 'user-agent': 'clairless' }, signal });
    if (response.status !== 200 || response.body === null) {
      await response.body?.cancel();
      throw new UpstreamError(`feed ${url} answered ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for await (const chunk of response.body) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new UpstreamError(`feed ${url}: larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (cause) {
    if (cause instanceof UpstreamError) throw cause;
    throw new UpstreamError(`feed ${url}: ${(cause as Error).message}`, { cause });
  }
}
