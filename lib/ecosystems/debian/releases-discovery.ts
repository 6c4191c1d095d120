import { UpstreamError } from '../../errors.ts';
import { mapLimit } from '../../map-limit.ts';
import type { UpdaterContext } from '../../updater/types.ts';
import { BUILTIN_RELEASES, type DebianReleases, distsCodenames, releaseMajor } from './releases.ts';

const REQUEST_TIMEOUT_MS = 30_000;
const CONCURRENT_REQUESTS = 4;

/**
 * The releases a Debian mirror carries, as claircore finds them: the codenames linked from
 * `<mirror>dists/`, each with the major version its `Release` file states. When the mirror
 * cannot be read or names no release at all, the built-in list stands in and a warning is logged.
 */
export async function discoverReleases(mirrorUrl: string, ctx: UpdaterContext): Promise<DebianReleases> {
  const fallback = { mirror: mirrorUrl, releases: Object.fromEntries(BUILTIN_RELEASES) };
  try {
    const found = await mirrorReleases(mirrorUrl, ctx);
    if (found.size > 0) return found;
    ctx.log.warn('debian release discovery fallback', { ...fallback, reason: 'the mirror lists no release' });
  } catch (err) {
    ctx.signal.throwIfAborted();
    ctx.log.warn('debian release discovery fallback', { ...fallback, err });
  }
  return BUILTIN_RELEASES;
}

async function mirrorReleases(mirrorUrl: string, ctx: UpdaterContext): Promise<DebianReleases> {
  const dists = new URL('dists/', mirrorUrl);
  const index = await get(dists, {}, ctx);
  if (index.status !== 200) {
    await index.body?.cancel();
    throw new UpstreamError(`debian mirror ${dists} answered ${index.status}`);
  }
  const names = distsCodenames(await index.text());
  const majors = await mapLimit(names, CONCURRENT_REQUESTS, (name) => releaseOf(dists, name, ctx));
  return new Map(names.flatMap((name, i) => (majors[i] === undefined ? [] : [[name, majors[i]]])));
}

/**
 * The major version of one codename, from the first 513 bytes of its Release file (the Version
 * field comes early); undefined, logged at debug, when the file is missing, unreadable or has
 * no version (testing), as claircore skips them.
 */
async function releaseOf(dists: URL, name: string, ctx: UpdaterContext): Promise<string | undefined> {
  const url = new URL(`${name}/Release`, dists);
  try {
    const res = await get(url, { range: 'bytes=0-512' }, ctx);
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      ctx.log.debug('debian release skip', { url: url.href, status: res.status });
      return undefined;
    }
    const major = releaseMajor(await res.text());
    if (major === undefined)
      ctx.log.debug('debian release skip', { url: url.href, reason: 'no Version field' });
    return major;
  } catch (err) {
    ctx.signal.throwIfAborted();
    ctx.log.debug('debian release skip', { url: url.href, err });
    return undefined;
  }
}

async function get(url: URL, headers: Record<string, string>, ctx: UpdaterContext): Promise<Response> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  try {
    return await fetch(url, { headers: { 'user-agent': 'clairless', ...headers }, signal });
  } catch (cause) {
    throw new UpstreamError(`debian mirror ${url}: ${(cause as Error).message}`, { cause });
  }
}
