import { readFile } from 'node:fs/promises';
import { ConfigError, InvalidInputError } from '../../errors.ts';
import { fetchFeed } from '../../updater/fetch-feed.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type { Updater, UpdaterSetFactory, UpdaterSpec } from '../../updater/types.ts';
import { discoverFeeds, type SecdbFeed } from './release-discovery.ts';
import { releaseVersion, SECDB_REPOS, secdbUpdaterName } from './releases.ts';
import { parseSecdb, secdbVulnerabilities } from './secdb.ts';

const SET = 'alpine';

/** `updaters.config.alpine`. */
export type AlpineUpdaterConfig = {
  /** `url`, the secdb's base. @default https://secdb.alpinelinux.org/ */
  readonly url: string;
  /**
   * `releases`, e.g. `[v3.18, edge]`: when set, nothing is probed and both repositories of each
   * release get an updater; an override for offline mirrors and tests (claircore always probes).
   * @default undefined (probe the secdb)
   */
  readonly releases: readonly string[] | undefined;
};

/** The set's configuration, checked: unknown keys, a bad URL and release names fail. */
export function alpineUpdaterConfig(raw: Readonly<Record<string, unknown>>): AlpineUpdaterConfig {
  const config = pluginConfig(raw, SET, ['url', 'releases']);
  const releases = config.stringList('releases');
  for (const [i, release] of (releases ?? []).entries()) {
    if (releaseVersion(release) === undefined) {
      throw new ConfigError(
        `updaters.config.${SET}.releases[${i}]: ${JSON.stringify(release)} is not a secdb release: want vX.Y or edge`,
      );
    }
  }
  const url = config.url('url', 'https://secdb.alpinelinux.org/');
  return { url: url.endsWith('/') ? url : `${url}/`, releases };
}

/**
 * The Alpine set: one updater per secdb document (`alpine-main-v3.18-updater`), for the
 * releases configured or found by probing the secdb.
 */
export const alpineUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(raw, ctx) {
    const config = alpineUpdaterConfig(raw);
    const feeds = config.releases === undefined ? await discoverFeeds(config.url, ctx) : listed(config);
    return feeds.map(({ release, repo, url }) => ({
      set: SET,
      name: secdbUpdaterName(repo, release),
      params: { url, release },
    }));
  },
  build: (spec) => alpineUpdater(spec),
};

function listed(config: AlpineUpdaterConfig): SecdbFeed[] {
  return (config.releases ?? []).flatMap((release) =>
    SECDB_REPOS.map((repo) => ({ release, repo, url: new URL(`${release}/${repo}.json`, config.url).href })),
  );
}

function alpineUpdater(spec: UpdaterSpec): Updater {
  const { url, release = '' } = spec.params;
  if (url === undefined || !URL.canParse(url)) {
    throw new InvalidInputError(`updater ${spec.name}: url ${JSON.stringify(url)} is not a URL`);
  }
  const version = releaseVersion(release);
  if (version === undefined) {
    throw new InvalidInputError(
      `updater ${spec.name}: release ${JSON.stringify(release)} is not vX.Y or edge`,
    );
  }
  return {
    name: spec.name,
    fetch: (previous, ctx) => fetchFeed(url, previous, ctx),
    async *parse(file, ctx) {
      yield* secdbVulnerabilities(
        parseSecdb(await readFile(file, { encoding: 'utf8', signal: ctx.signal }), url),
        version,
      );
    },
  };
}
