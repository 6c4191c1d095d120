// The `osv` updater set: one updater per allowed ecosystem, each fetching the OSV bucket's
// `<Ecosystem>/all.zip` when its ETag changed (claircore updater/osv). Discovery asks nothing
// upstream: the allowlist names the ecosystems.
import { ConfigError, InvalidInputError } from '../../errors.ts';
import { fetchFeed } from '../../updater/fetch-feed.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type {
  Updater,
  UpdaterContext,
  UpdaterSetFactory,
  UpdaterSpec,
  Vulnerability,
} from '../../updater/types.ts';
import { canonicalEcosystem, DEFAULT_ALLOWLIST, IGNORED, normalizeEcosystem } from './ecosystems.ts';
import { readAdvisories } from './read-advisories.ts';
import { osvVulnerabilities } from './vulnerabilities.ts';

const SET = 'osv';
const DEFAULT_ROOT = 'https://osv-vulnerabilities.storage.googleapis.com';

type OsvConfig = { readonly root: string; readonly ecosystems: readonly string[] };

/** `updaters.config.osv`: `url` (the bucket root) and `allowlist` (ecosystem names). */
function osvConfig(raw: Readonly<Record<string, unknown>>): OsvConfig {
  const config = pluginConfig(raw, SET, ['url', 'allowlist']);
  const root = config.url('url', DEFAULT_ROOT).replace(/\/+$/, '');
  const allowlist = config.stringList('allowlist') ?? [];
  // As claircore: an empty allowlist allows every default ecosystem.
  const ecosystems = (allowlist.length > 0 ? allowlist : DEFAULT_ALLOWLIST).map(canonicalEcosystem);
  const ignored = ecosystems.filter((e) => IGNORED.includes(normalizeEcosystem(e)));
  if (ignored.length > 0) {
    throw new ConfigError(
      `updaters.config.${SET}.allowlist: ${ignored.map((e) => JSON.stringify(e)).join(', ')} not fetched from OSV (never: ${IGNORED.join(', ')})`,
    );
  }
  return { root, ecosystems: [...new Set(ecosystems)] };
}

export const osvUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(config) {
    const { root, ecosystems } = osvConfig(config);
    return ecosystems.map(
      (ecosystem): UpdaterSpec => ({
        set: SET,
        name: `osv/${normalizeEcosystem(ecosystem)}`,
        params: { url: `${root}/${encodeURIComponent(ecosystem)}/all.zip`, ecosystem },
      }),
    );
  },
  build(spec, config) {
    osvConfig(config);
    const { url, ecosystem } = spec.params;
    if (url === undefined || ecosystem === undefined || !URL.canParse(url)) {
      throw new InvalidInputError(
        `updater ${spec.name}: params ${JSON.stringify(spec.params)} want url and ecosystem`,
      );
    }
    return osvUpdater(spec.name, url, ecosystem);
  },
};

function osvUpdater(name: string, url: string, ecosystem: string): Updater {
  return {
    name,
    fetch: (previous, ctx) => fetchFeed(url, previous, ctx, { headers: { accept: 'application/zip' } }),
    parse: (file, ctx) => parseDump(file, url, ecosystem, ctx),
  };
}

async function* parseDump(
  file: string,
  url: string,
  ecosystem: string,
  ctx: UpdaterContext,
): AsyncGenerator<Vulnerability> {
  const now = new Date();
  let advisories = 0;
  let vulnerabilities = 0;
  for await (const { entry, advisory } of readAdvisories(file, url, ctx.signal)) {
    const found = osvVulnerabilities(advisory, entry, ecosystem, now);
    advisories++;
    vulnerabilities += found.length;
    yield* found;
  }
  ctx.log.debug('osv parse done', { ecosystem, advisories, vulnerabilities });
}
