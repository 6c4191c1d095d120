import { createHash } from 'node:crypto';
import type { AnyScanner, Coalescer, Ecosystem } from './types.ts';
import { whiteoutScanner } from './whiteout.ts';

/** The scanners whose results one coalescer combines. */
export type CoalescerGroup = { readonly coalescer: Coalescer; readonly scanners: readonly AnyScanner[] };

export type ScannerSet = {
  /** Every scanner to run, once each (ecosystems share scanners: debian and ubuntu share dpkg). */
  readonly scanners: readonly AnyScanner[];
  /** One group per coalescer; ecosystems sharing a coalescer are coalesced together. */
  readonly groups: readonly CoalescerGroup[];
  /** Clair's index_state: changes exactly when a scanner is added, removed or changes version. */
  readonly state: string;
};

const key = (s: AnyScanner): string => `${s.kind}\u0000${s.name}`;

/** The scanner set of the registered ecosystems, plus the whiteout scanner every image needs. */
export function scannerSet(ecosystems: readonly Ecosystem[]): ScannerSet {
  const unique = new Map<string, AnyScanner>();
  const groups = new Map<Coalescer, Map<string, AnyScanner>>();
  for (const e of ecosystems) {
    if (e.coalescer === undefined) continue;
    const group = groups.get(e.coalescer) ?? new Map<string, AnyScanner>();
    groups.set(e.coalescer, group);
    for (const s of [...e.packageScanners, ...e.distributionScanners, ...e.repositoryScanners]) {
      const existing = unique.get(key(s));
      if (existing !== undefined && existing !== s) {
        throw new Error(`ecosystem ${e.name}: two different ${s.kind} scanners are named ${s.name}`);
      }
      unique.set(key(s), s);
      group.set(key(s), s);
    }
  }
  unique.set(key(whiteoutScanner), whiteoutScanner);
  const scanners = [...unique.values()];
  const lines = scanners.map((s) => `${s.name} ${s.version} ${s.kind}\n`).sort();
  return {
    scanners,
    groups: [...groups].map(([coalescer, members]) => ({ coalescer, scanners: [...members.values()] })),
    state: createHash('sha256')
      .update(`clairless index state 1\n${lines.join('')}`)
      .digest('hex')
      .slice(0, 32),
  };
}
