// The `suse` updater set: one updater per SLES or openSUSE Leap OVAL document found in SUSE's
// folder index (claircore's suse/factory.go, suse/parser.go; claircore-engine.md 6.2 "SUSE").
import { InvalidInputError } from '../../errors.ts';
import { getText } from '../../updater/get-text.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type { Updater, UpdaterSetFactory, UpdaterSpec } from '../../updater/types.ts';
import { ovalUpdater } from '../rpm/oval-updater.ts';
import { definitionPrototype } from '../rpm/oval-vulnerabilities.ts';
import { suseRelease } from './distribution-scanner.ts';
import { suseFeeds } from './oval-index.ts';
import { suseSeverity } from './severity.ts';

const SET = 'suse';
// The folder index is a few tens of KB.
const INDEX_TIMEOUT_MS = 60_000;

/** `updaters.config.suse`: `url`, the OVAL folder. @default https://ftp.suse.com/pub/projects/security/oval/ */
export function suseUpdaterConfig(raw: Readonly<Record<string, unknown>>): { readonly url: string } {
  const url = pluginConfig(raw, SET, ['url']).url('url', 'https://ftp.suse.com/pub/projects/security/oval/');
  return { url: url.endsWith('/') ? url : `${url}/` };
}

/** The SUSE set: `suse-updater-suse.linux.enterprise.server.15`, `suse-updater-opensuse.leap.15.6`, ... */
export const suseUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(raw, ctx) {
    const { url } = suseUpdaterConfig(raw);
    const index = await getText(url, ctx, { timeoutMs: INDEX_TIMEOUT_MS });
    return suseFeeds(index, url).map((feed) => ({
      set: SET,
      name: feed.name,
      params: { url: feed.url, did: feed.dist.did, version: feed.dist.version },
    }));
  },
  build: (spec) => suseUpdater(spec),
};

function suseUpdater(spec: UpdaterSpec): Updater {
  const { url, did, version } = spec.params;
  if (url === undefined || !URL.canParse(url)) {
    throw new InvalidInputError(`updater ${spec.name}: url ${JSON.stringify(url)} is not a URL`);
  }
  const dist = did === 'sles' || did === 'opensuse-leap' ? suseRelease(did, version) : undefined;
  if (dist === undefined) {
    throw new InvalidInputError(
      `updater ${spec.name}: did ${JSON.stringify(did)} is not sles or opensuse-leap with a version`,
    );
  }
  return ovalUpdater({
    name: spec.name,
    url,
    compression: 'gzip',
    // claircore sets no issued date for SUSE.
    prototypesOf: (definition) => [
      { ...definitionPrototype(definition, suseSeverity(definition.severity), dist), issued: undefined },
    ],
  });
}
