import type { LayerFiles } from './layer-files.ts';
import type { ScanContext } from './types.ts';

/**
 * A reading of a layer done once however many scanners ask for it (a language's package and
 * repository scanners, the rpm databases the rpm, rhel and language scanners read). The first
 * caller's context is the one used, so the reading must not depend on a scanner's own settings.
 */
export function oncePerLayer<T>(
  read: (files: LayerFiles, ctx?: ScanContext) => T,
): (files: LayerFiles, ctx?: ScanContext) => T {
  const done = new WeakMap<LayerFiles, T>();
  return (files, ctx) => {
    let result = done.get(files);
    if (result === undefined) {
      result = read(files, ctx);
      done.set(files, result);
    }
    return result;
  };
}
