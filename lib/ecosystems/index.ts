// The registry: every ecosystem and enricher clairless knows. Adding one is a folder and a line here.
import { cvssUpdaterSet } from '../enrichers/cvss/updater.ts';
import type { Ecosystem } from '../indexer/types.ts';
import type { AnyUpdater, EnrichmentUpdater, UpdaterSetFactory } from '../updater/types.ts';
import { alpine } from './alpine/index.ts';
import { aws } from './aws/index.ts';
import { debian } from './debian/index.ts';
import { gobin } from './gobin/index.ts';
import { java } from './java/index.ts';
import { nodejs } from './nodejs/index.ts';
import { oracle } from './oracle/index.ts';
import { osv } from './osv/index.ts';
import { photon } from './photon/index.ts';
import { python } from './python/index.ts';
import { rhcc } from './rhcc/index.ts';
import { rhel } from './rhel/index.ts';
import { rpm } from './rpm/index.ts';
import { ruby } from './ruby/index.ts';
import { suse } from './suse/index.ts';
import { ubuntu } from './ubuntu/index.ts';
import { wolfi } from './wolfi/index.ts';

export const ECOSYSTEMS: readonly Ecosystem[] = [
  debian,
  ubuntu,
  alpine,
  wolfi,
  rhel,
  oracle,
  aws,
  suse,
  photon,
  rpm,
  rhcc,
  osv,
  python,
  java,
  ruby,
  gobin,
  nodejs,
];

/** The sets of enrichment updaters (claircore's enrichers), which belong to no ecosystem. */
export const ENRICHERS: readonly UpdaterSetFactory<EnrichmentUpdater>[] = [cvssUpdaterSet];

/** The updater sets of the registered ecosystems and enrichers, by set name. */
export function updaterSets(
  ecosystems: readonly Ecosystem[] = ECOSYSTEMS,
  enrichers: readonly UpdaterSetFactory<EnrichmentUpdater>[] = ENRICHERS,
): Map<string, UpdaterSetFactory<AnyUpdater>> {
  const sets = new Map<string, UpdaterSetFactory<AnyUpdater>>();
  for (const e of ecosystems) if (e.updaters !== undefined) sets.set(e.updaters.name, e.updaters);
  for (const e of enrichers) sets.set(e.name, e);
  return sets;
}
