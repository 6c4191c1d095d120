// The registry: every ecosystem clairless knows. Adding one is a folder and a line here.
import type { Ecosystem } from '../indexer/types.ts';
import type { UpdaterSetFactory } from '../updater/types.ts';
import { alpine } from './alpine/index.ts';
import { aws } from './aws/index.ts';
import { debian } from './debian/index.ts';
import { oracle } from './oracle/index.ts';
import { osv } from './osv/index.ts';
import { photon } from './photon/index.ts';
import { rhel } from './rhel/index.ts';
import { rpm } from './rpm/index.ts';
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
  osv,
];

/** The updater sets of the registered ecosystems, by set name. */
export function updaterSets(ecosystems: readonly Ecosystem[] = ECOSYSTEMS): Map<string, UpdaterSetFactory> {
  const sets = new Map<string, UpdaterSetFactory>();
  for (const e of ecosystems) if (e.updaters !== undefined) sets.set(e.updaters.name, e.updaters);
  return sets;
}
