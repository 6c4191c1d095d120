import { UpstreamError } from '../../errors.ts';
import { mapLimit } from '../../map-limit.ts';
import type { UpdaterContext } from '../../updater/types.ts';
import { SECDB_REPOS, type SecdbRepo } from './releases.ts';

/** One secdb document: a repository of a release, at its URL. */
export type SecdbFeed = { readonly release: string; readonly repo: SecdbRepo; readonly url: string };

const REQUEST_TIMEOUT_MS = 30_000;
const CONCURRENT_REQUESTS = 4;
// Far beyond any real numbering; stops a server that answers 200 to everything.
const MAX_PROBES = 200;

/**
 * The secdb documents under a base URL laid out like secdb.alpinelinux.org: every release folder
 * found by probing (plus edge), each repository kept when its JSON answers 200 to HEAD.
 */
export async function discoverFeeds(baseUrl: string, ctx: UpdaterContext): Promise<SecdbFeed[]> {
  const releases = [...(await probeReleases(baseUrl, ctx)), 'edge'];
  const candidates = releases.flatMap((release) =>
    SECDB_REPOS.map((repo) => ({ release, repo, url: new URL(`${release}/${repo}.json`, baseUrl).href })),
  );
  const found = await mapLimit(candidates, CONCURRENT_REQUESTS, (feed) => exists(feed.url, ctx));
  return candidates.filter((_, i) => found[i]);
}

/**
 * Release folders as claircore probes them, with HEAD `v3.3/`, `v3.4/`, …: the minor loop stops at
 * the first 404 after a hit, the major loop (`v4.0/`, …) at a 404 with no hit.
 */
async function probeReleases(baseUrl: string, ctx: UpdaterContext): Promise<string[]> {
  const found: string[] = [];
  let probes = 0;
  for (let major = 3; ; major++) {
    let hit = false;
    for (let minor = major === 3 ? 3 : 0; ; minor++) {
      if (++probes > MAX_PROBES) {
        throw new UpstreamError(`alpine secdb ${baseUrl}: no 404 after ${MAX_PROBES} release probes`);
      }
      const release = `v${major}.${minor}`;
      if (!(await exists(new URL(`${release}/`, baseUrl).href, ctx))) break;
      hit = true;
      found.push(release);
    }
    if (!hit) return found;
  }
}

/** HEAD: true on 200, false on 404; any other answer is an UpstreamError. */
async function exists(url: string, ctx: UpdaterContext): Promise<boolean> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  let res: Response;
  try {
    res = await fetch(url, { method: 'HEAD', headers: { 'user-agent': 'clairless' }, signal });
  } catch (cause) {
    throw new UpstreamError(`alpine secdb ${url}: ${(cause as Error).message}`, { cause });
  }
  await res.body?.cancel();
  if (res.status === 200 || res.status === 404) return res.status === 200;
  throw new UpstreamError(`alpine secdb ${url} answered ${res.status} to HEAD: want 200 or 404`);
}
