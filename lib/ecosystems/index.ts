// The registry: every ecosystem clairless knows. Adding one is a folder and a line here.
import type { Ecosystem } from '../indexer/types.ts';
import { alpine } from './alpine/index.ts';
import { aws } from './aws/index.ts';
import { debian } from './debian/index.ts';
import { oracle } from './oracle/index.ts';
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
];
