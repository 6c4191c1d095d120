import type { Logger } from '../log.ts';
import type { UpdateDeps } from './run-updater.ts';
import type { UpdaterSpec } from './types.ts';

/**
 * The updaters to run now: every updater of every selected set (`updaters.sets`; null means all).
 * A set that fails to discover (its upstream down) is logged and left out; the others go on.
 */
export async function discoverUpdaters(
  deps: Pick<UpdateDeps, 'factories' | 'updaters'>,
  signal: AbortSignal,
  tmpDir: string,
  log: Logger,
): Promise<UpdaterSpec[]> {
  const wanted = deps.updaters.sets ?? [...deps.factories.keys()];
  const specs: UpdaterSpec[] = [];
  for (const set of wanted) {
    const factory = deps.factories.get(set);
    if (factory === undefined) {
      log.warn('update set unknown', { set, known: [...deps.factories.keys()] });
      continue;
    }
    try {
      specs.push(...(await factory.discover(deps.updaters.config[set] ?? {}, { signal, log, tmpDir })));
    } catch (err) {
      log.error('update discover fail', { set, err });
    }
  }
  return specs;
}
