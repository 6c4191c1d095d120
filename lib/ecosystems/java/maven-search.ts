// claircore's reverse lookup of an archive by its SHA-1 in a Maven search API (Maven Central's
// `solrsearch/select`), for archives their pom.properties do not name. Opt-in here: it runs only
// when `indexer.scanner.package.java.api` names the search URL.
import type { PluginConfig } from '../../config/types.ts';
import type { Logger } from '../../log.ts';
import { pluginConfigAt } from '../../updater/plugin-config.ts';
import type { Coordinates } from './manifest.ts';

export const JAVA_SCANNER_CONFIG = 'indexer.scanner.package.java';

export type MavenSearch = { readonly url: string; readonly timeoutMs: number };

const DEFAULT_TIMEOUT_MS = 2_000;
// A search answer lists a few artifacts; anything much larger is not one.
const MAX_ANSWER_BYTES = 4 * 2 ** 20;

/**
 * The search settings (claircore's keys `api`, `api_request_timeout`, `disable_api`), or
 * undefined when searching is off: no `api` given, or `disable_api: true`. Throws ConfigError.
 */
export function mavenSearchSettings(raw: PluginConfig): MavenSearch | undefined {
  const config = pluginConfigAt(raw, JAVA_SCANNER_CONFIG, ['api', 'api_request_timeout', 'disable_api']);
  const disabled = config.boolean('disable_api', false);
  const timeoutMs = config.duration('api_request_timeout', DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  if (raw.api === undefined || raw.api === null || raw.api === '') return undefined;
  const url = config.url('api', '');
  return disabled ? undefined : { url, timeoutMs };
}

/**
 * The artifact the search API knows by this SHA-1 (of several, the one with the smallest id, as
 * claircore), undefined when it knows none, or 'failed' when the request or its answer failed.
 */
export async function searchBySha1(
  search: MavenSearch,
  sha1: string,
  signal: AbortSignal,
  log: Logger | undefined,
): Promise<Coordinates | undefined | 'failed'> {
  const url = new URL(search.url);
  url.searchParams.set('q', `1:${sha1}`);
  url.searchParams.set('wt', 'json');
  try {
    const res = await fetch(url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(search.timeoutMs)]),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`status ${res.status}`);
    }
    return firstDoc(JSON.parse(await boundedText(res, MAX_ANSWER_BYTES)) as unknown);
  } catch (err) {
    signal.throwIfAborted();
    log?.debug('java maven search failed', {
      sha1,
      reason: err instanceof Error ? err.message : String(err),
    });
    return 'failed';
  }
}

/** The body as text, read no further than maxBytes: a longer answer is given up on. */
async function boundedText(res: Response, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  // Leaving the loop cancels the stream.
  for await (const chunk of res.body ?? []) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new Error(`answer over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function firstDoc(answer: unknown): Coordinates | undefined {
  const docs = (answer as { response?: { docs?: unknown } } | null)?.response?.docs;
  if (!Array.isArray(docs)) throw new Error('no response.docs list');
  const artifacts = docs.map((d: unknown) => {
    const doc = (d ?? {}) as Record<string, unknown>;
    const field = (k: string) => (typeof doc[k] === 'string' ? (doc[k] as string) : '');
    return { id: field('id'), name: `${field('g')}:${field('a')}`, version: field('v') };
  });
  const first = artifacts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  return first === undefined ? undefined : { name: first.name, version: first.version };
}

/** Looks up SHA-1s for one scan; after a failed request it stops asking, so a dead API costs one timeout. */
export function mavenLookup(
  search: MavenSearch,
  signal: AbortSignal,
  log: Logger | undefined,
): (sha1: string) => Promise<Coordinates | undefined> {
  let failed = false;
  return async (sha1) => {
    if (failed) return undefined;
    const found = await searchBySha1(search, sha1, signal, log);
    failed = found === 'failed';
    return found === 'failed' ? undefined : found;
  };
}
