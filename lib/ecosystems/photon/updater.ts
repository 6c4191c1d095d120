// The `photon` updater set: one updater per Photon release's OVAL document (claircore's
// photon/photon.go, photon/updaterset.go; claircore-engine.md 6.2 "Photon").
import { ConfigError, InvalidInputError } from '../../errors.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type { Updater, UpdaterSetFactory, UpdaterSpec } from '../../updater/types.ts';
import { ovalUpdater } from '../rpm/oval-updater.ts';
import { definitionPrototype } from '../rpm/oval-vulnerabilities.ts';
import { photonRelease } from './distribution-scanner.ts';
import { photonSeverity } from './severity.ts';

const SET = 'photon';
const RELEASES = ['1.0', '2.0', '3.0', '4.0', '5.0'];
const RELEASE = /^[1-9]\d*\.0$/;

/** `updaters.config.photon`. */
export type PhotonUpdaterConfig = {
  /** `url`, the folder of the OVAL documents. @default https://packages.vmware.com/photon/photon_oval_definitions/ */
  readonly url: string;
  /** `releases`, e.g. `["5.0", "6.0"]`: which documents to read. @default 1.0 to 5.0, as claircore */
  readonly releases: readonly string[];
};

/** The set's configuration, checked: unknown keys, a bad URL and release names fail. */
export function photonUpdaterConfig(raw: Readonly<Record<string, unknown>>): PhotonUpdaterConfig {
  const config = pluginConfig(raw, SET, ['url', 'releases']);
  const releases = config.stringList('releases') ?? RELEASES;
  for (const [i, release] of releases.entries()) {
    if (!RELEASE.test(release)) {
      throw new ConfigError(
        `updaters.config.${SET}.releases[${i}]: ${JSON.stringify(release)} is not a Photon release: want N.0`,
      );
    }
  }
  const url = config.url('url', 'https://packages.vmware.com/photon/photon_oval_definitions/');
  return { url: url.endsWith('/') ? url : `${url}/`, releases };
}

/** The Photon set: `photon-updater-3.0` reads `com.vmware.phsa-photon3.xml`, and so on. */
export const photonUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(raw) {
    const config = photonUpdaterConfig(raw);
    return config.releases.map((release) => ({
      set: SET,
      name: `photon-updater-${release}`,
      params: { url: new URL(`com.vmware.phsa-photon${release.slice(0, -2)}.xml`, config.url).href, release },
    }));
  },
  build: (spec) => photonUpdater(spec),
};

function photonUpdater(spec: UpdaterSpec): Updater {
  const { url, release = '' } = spec.params;
  if (url === undefined || !URL.canParse(url)) {
    throw new InvalidInputError(`updater ${spec.name}: url ${JSON.stringify(url)} is not a URL`);
  }
  const dist = RELEASE.test(release) ? photonRelease(release) : undefined;
  if (dist === undefined) {
    throw new InvalidInputError(`updater ${spec.name}: release ${JSON.stringify(release)} is not N.0`);
  }
  return ovalUpdater({
    name: spec.name,
    url,
    compression: 'auto',
    prototypesOf: (definition) => [
      definitionPrototype(definition, photonSeverity(definition.severity), dist),
    ],
  });
}
