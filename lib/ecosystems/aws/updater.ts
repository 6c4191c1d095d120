import { InvalidInputError } from '../../errors.ts';
import { compressionOfName, decompressedChunks } from '../../updater/decompress.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type { Updater, UpdaterSetFactory, UpdaterSpec } from '../../updater/types.ts';
import { fetchAlas, readSpooledUpdateinfo } from './alas-fetch.ts';
import {
  alasUpdaterName,
  isAmazonRelease,
  mirrorListUrl,
  RELEASES,
  releaseDistribution,
} from './releases.ts';
import { parseUpdateinfo } from './updateinfo.ts';

const SET = 'aws';

/** `updaters.config.aws`. */
export type AwsUpdaterConfig = {
  /**
   * `url`: a base holding `AL1/mirror.list`, `AL2/mirror.list` and `AL2023/mirror.list`, so one
   * mirror can serve the whole set. @default undefined (each release's list at Amazon)
   */
  readonly url: string | undefined;
};

/** The set's configuration, checked: unknown keys and a bad URL fail. */
export function awsUpdaterConfig(raw: Readonly<Record<string, unknown>>): AwsUpdaterConfig {
  const config = pluginConfig(raw, SET, ['url']);
  return { url: raw.url === undefined ? undefined : config.url('url', '') };
}

/** The Amazon Linux set: one updater per release (`aws-AL2-updater`), over its ALAS updateinfo. */
export const awsUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(raw) {
    const { url } = awsUpdaterConfig(raw);
    return RELEASES.map((release) => ({
      set: SET,
      name: alasUpdaterName(release),
      params: { release, mirror_list: mirrorListUrl(release, url) },
    }));
  },
  build: (spec) => alasUpdater(spec),
};

function alasUpdater(spec: UpdaterSpec): Updater {
  const { release = '', mirror_list: mirrorList } = spec.params;
  if (!isAmazonRelease(release)) {
    throw new InvalidInputError(
      `updater ${spec.name}: release ${JSON.stringify(release)} is not AL1, AL2 or AL2023`,
    );
  }
  if (mirrorList === undefined || !URL.canParse(mirrorList)) {
    throw new InvalidInputError(
      `updater ${spec.name}: mirror_list ${JSON.stringify(mirrorList)} is not a URL`,
    );
  }
  const dist = releaseDistribution(release);
  return {
    name: spec.name,
    fetch: (previous, ctx) => fetchAlas(mirrorList, previous, ctx),
    async *parse(file, ctx) {
      const spooled = await readSpooledUpdateinfo(file, ctx.signal);
      // Gunzipped when repomd names it `.gz`; a broken stream is an InvalidInputError naming the URL.
      const bytes = decompressedChunks(
        spooled.file,
        compressionOfName(new URL(spooled.url).pathname),
        `updateinfo ${spooled.url}`,
        ctx.signal,
      );
      yield* parseUpdateinfo(bytes, dist, spooled.url);
    },
  };
}
