import type { LayerFiles } from './layer-files.ts';
import { readOsRelease, wantsOsRelease } from './os-release.ts';
import type { Distribution, DistributionScanner } from './types.ts';

export type OsReleaseScannerSpec = {
  readonly name: string;
  readonly version: string;
  /** Other release files the scanner reads when os-release does not settle it. */
  readonly otherFiles?: readonly string[];
  /** The distribution for these os-release fields, or undefined when they are not this scanner's. */
  readonly detect: (fields: Readonly<Record<string, string>>, files: LayerFiles) => Distribution | undefined;
};

/** A distribution scanner that reads os-release (and maybe a few other release files). */
export function osReleaseScanner(spec: OsReleaseScannerSpec): DistributionScanner {
  const others = spec.otherFiles ?? [];
  return {
    name: spec.name,
    version: spec.version,
    kind: 'distribution',
    wants: (path) => (others.includes(path) ? 'content' : wantsOsRelease(path)),
    async scan(files) {
      const found = spec.detect(readOsRelease(files), files);
      return found === undefined ? [] : [found];
    },
  };
}
