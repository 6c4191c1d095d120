// The rhel-vex updater set: one delta updater over Red Hat's CSAF VEX feed (claircore rhel/vex;
// claircore-engine.md section 6.2 "RHEL VEX"), replacing the old RHEL OVAL and rhcc updaters.

import { ConfigError } from '../../../errors.ts';
import { pluginConfig } from '../../../updater/plugin-config.ts';
import type { DeltaUpdater, UpdaterSetFactory } from '../../../updater/types.ts';
import { fetchVex } from './fetch.ts';
import { parseVexSpool } from './parse-spool.ts';

const SET = 'rhel-vex';
const UPDATER = 'rhel-vex';
// claircore's updater version: bumping it reloads the whole archive.
const VERSION = '6';

/** `updaters.config.rhel-vex`. */
export type RhelVexConfig = {
  /** `url`, the feed's base, ending in a slash. @default https://security.access.redhat.com/data/csaf/v2/vex/ */
  readonly url: string;
  /** `compressed_file_timeout`, the archive download. @default 2m */
  readonly compressedFileTimeoutMs: number;
  /** `ignore_kernel_packages`: leave out every kernel package, allow-listed ones too. @default false */
  readonly ignoreKernelPackages: boolean;
};

/** The set's configuration, checked: unknown keys, a bad URL, duration or flag fail. */
export function rhelVexConfig(raw: Readonly<Record<string, unknown>>): RhelVexConfig {
  const where = `updaters.config.${SET}`;
  if (raw.fixed_in_version_cel !== undefined && raw.fixed_in_version_cel !== '')
    throw new ConfigError(
      `${where}.fixed_in_version_cel: not supported by clairless (fixed versions are the feed's)`,
    );
  const config = pluginConfig(raw, SET, [
    'url',
    'compressed_file_timeout',
    'ignore_kernel_packages',
    'fixed_in_version_cel',
  ]);
  const url = config.url('url', 'https://security.access.redhat.com/data/csaf/v2/vex/');
  const compressedFileTimeoutMs = config.duration('compressed_file_timeout', 120_000);
  if (compressedFileTimeoutMs <= 0)
    throw new ConfigError(`${where}.compressed_file_timeout: want a positive duration such as 2m`);
  const ignore = config.boolean('ignore_kernel_packages', false);
  return { url: url.endsWith('/') ? url : `${url}/`, compressedFileTimeoutMs, ignoreKernelPackages: ignore };
}

export const rhelVexUpdaterSet: UpdaterSetFactory<DeltaUpdater> = {
  name: SET,
  discover: async (raw) => {
    rhelVexConfig(raw);
    return [{ set: SET, name: UPDATER, params: {} }];
  },
  build: (_spec, raw) => rhelVexUpdater(rhelVexConfig(raw)),
};

export function rhelVexUpdater(config: RhelVexConfig): DeltaUpdater {
  const version = config.ignoreKernelPackages ? `${VERSION}+ignore_kernel` : VERSION;
  return {
    kind: 'delta',
    name: UPDATER,
    fetch: (previous, ctx) =>
      fetchVex(previous, ctx, {
        url: config.url,
        compressedFileTimeoutMs: config.compressedFileTimeoutMs,
        version,
      }),
    parse: (file, ctx) =>
      parseVexSpool(file, ctx, { baseUrl: config.url, ignoreKernelPackages: config.ignoreKernelPackages }),
  };
}
