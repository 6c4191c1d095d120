// The `oracle` updater set: one updater per year's ELSA OVAL document (claircore's
// oracle/updater.go, oracle/updaterset.go; claircore-engine.md 6.2 "Oracle").
import { ConfigError, InvalidInputError } from '../../errors.ts';
import { pluginConfig } from '../../updater/plugin-config.ts';
import type { Updater, UpdaterSetFactory, UpdaterSpec } from '../../updater/types.ts';
import { ovalUpdater } from '../rpm/oval-updater.ts';
import { elsaPrototypes } from './elsa-prototypes.ts';

const SET = 'oracle';
/** The first year Oracle publishes ELSA OVAL for. */
const FIRST_YEAR = 2007;

/** `updaters.config.oracle`. */
export type OracleUpdaterConfig = {
  /** `url`, the folder of the ELSA documents. @default https://linux.oracle.com/security/oval/ */
  readonly url: string;
  /** `years`, e.g. `[2024, 2025]`: which documents to read. @default 2007 to the current year, as claircore */
  readonly years: readonly number[] | undefined;
};

/** The set's configuration, checked: unknown keys, a bad URL and years that are no years fail. */
export function oracleUpdaterConfig(raw: Readonly<Record<string, unknown>>): OracleUpdaterConfig {
  const config = pluginConfig(raw, SET, ['url', 'years']);
  const url = config.url('url', 'https://linux.oracle.com/security/oval/');
  return { url: url.endsWith('/') ? url : `${url}/`, years: years(raw.years) };
}

function years(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? Number(v) : v)) : [];
  if (!Array.isArray(value) || !list.every((y) => Number.isInteger(y) && y >= FIRST_YEAR && y <= 9999)) {
    throw new ConfigError(
      `updaters.config.${SET}.years: want a list of years from ${FIRST_YEAR}, got ${JSON.stringify(value)}`,
    );
  }
  return list as number[];
}

/** The Oracle set: `oracle-2024-updater` reads `com.oracle.elsa-2024.xml.bz2`, and so on. */
export const oracleUpdaterSet: UpdaterSetFactory = {
  name: SET,
  async discover(raw) {
    const config = oracleUpdaterConfig(raw);
    const thisYear = new Date().getUTCFullYear();
    const all = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
    return (config.years ?? all).map((year) => ({
      set: SET,
      name: `oracle-${year}-updater`,
      params: { url: new URL(`com.oracle.elsa-${year}.xml.bz2`, config.url).href },
    }));
  },
  build: (spec) => oracleUpdater(spec),
};

function oracleUpdater(spec: UpdaterSpec): Updater {
  const { url } = spec.params;
  if (url === undefined || !URL.canParse(url)) {
    throw new InvalidInputError(`updater ${spec.name}: url ${JSON.stringify(url)} is not a URL`);
  }
  return ovalUpdater({ name: spec.name, url, compression: 'bzip2', prototypesOf: elsaPrototypes });
}
