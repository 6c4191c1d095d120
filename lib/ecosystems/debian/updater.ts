import { createReadStream } from 'node:fs';
import { ConfigError, InvalidInputError } from '../../errors.ts';
import { fetchFeed } from '../../updater/fetch-feed.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type { Updater, UpdaterSetFactory, UpdaterSpec } from '../../updater/types.ts';
import { parseTracker } from './parser.ts';
import { type DebianReleases, releasesFromJson, releasesToJson } from './releases.ts';
import { discoverReleases } from './releases-discovery.ts';

const SET = 'debian';
const UPDATER_NAME = 'debian/updater';
// Keys of claircore's earlier Debian updaters (OVAL feeds, the archive's Sources files): named as
// retired, so an old config fails with a reason rather than as a typo.
const RETIRED_KEYS = ['archive_url', 'oval_url', 'url', 'dists_url'];

/** `updaters.config.debian`. */
export type DebianUpdaterConfig = {
  /** `json_url`. @default https://security-tracker.debian.org/tracker/data/json */
  readonly jsonUrl: string;
  /** `mirror_url`, whose `dists/` lists the releases. @default https://deb.debian.org/debian/ */
  readonly mirrorUrl: string;
  /** `releases`, codename -> major version; when set, the mirror is not asked. @default undefined */
  readonly releases: DebianReleases | undefined;
};

/** The set's configuration, checked: retired and unknown keys, bad URLs and non-numeric versions fail. */
export function debianUpdaterConfig(raw: Readonly<Record<string, unknown>>): DebianUpdaterConfig {
  const retired = RETIRED_KEYS.find((key) => Object.hasOwn(raw, key));
  if (retired !== undefined) {
    throw new ConfigError(
      `updaters.config.${SET}.${retired}: no longer supported: the feed is json_url and the releases come from mirror_url`,
    );
  }
  const config = pluginConfig(raw, SET, ['json_url', 'mirror_url', 'releases']);
  const releases = config.stringMap('releases');
  if (releases !== undefined && Object.keys(releases).length === 0) {
    throw new ConfigError(
      `updaters.config.${SET}.releases: {} names no release: want codenames such as bookworm: "12"`,
    );
  }
  for (const [codename, version] of Object.entries(releases ?? {})) {
    if (!/^\d+$/.test(version)) {
      throw new ConfigError(
        `updaters.config.${SET}.releases.${codename}: ${JSON.stringify(version)} is not a major version: want digits such as "12"`,
      );
    }
  }
  const mirrorUrl = config.url('mirror_url', 'https://deb.debian.org/debian/');
  return {
    jsonUrl: config.url('json_url', 'https://security-tracker.debian.org/tracker/data/json'),
    mirrorUrl: mirrorUrl.endsWith('/') ? mirrorUrl : `${mirrorUrl}/`,
    releases: releases === undefined ? undefined : new Map(Object.entries(releases)),
  };
}

/**
 * The Debian set: one updater, `debian/updater`, over the security tracker's JSON feed, for the
 * releases configured or found on the mirror.
 */
export const debianUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(raw, ctx) {
    const config = debianUpdaterConfig(raw);
    const releases = config.releases ?? (await discoverReleases(config.mirrorUrl, ctx));
    return [
      {
        set: SET,
        name: UPDATER_NAME,
        params: { json_url: config.jsonUrl, releases: releasesToJson(releases) },
      },
    ];
  },
  build: (spec) => debianUpdater(spec),
};

function debianUpdater(spec: UpdaterSpec): Updater {
  const where = `updater ${spec.name}`;
  const jsonUrl = spec.params.json_url;
  if (jsonUrl === undefined || !URL.canParse(jsonUrl)) {
    throw new InvalidInputError(`${where}: json_url ${JSON.stringify(jsonUrl)} is not a URL`);
  }
  const releases = releasesFromJson(spec.params.releases, where);
  return {
    name: UPDATER_NAME,
    fetch: (previous, ctx) => fetchFeed(jsonUrl, previous, ctx),
    parse: (file, ctx) => parseTracker(createReadStream(file, { signal: ctx.signal }), releases, jsonUrl),
  };
}
