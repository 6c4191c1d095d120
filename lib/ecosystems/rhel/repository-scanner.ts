import { formatCpe, parseCpe } from '../../cpe/wfn.ts';
import { InvalidInputError } from '../../errors.ts';
import type { Repository, RepositoryScanner, ScanContext } from '../../indexer/types.ts';
import type { Logger } from '../../log.ts';
import { readContentManifest, usesDnfHistory, wantsContentManifest } from './content-manifest.ts';
import { readDnfHistory, wantsDnfHistory } from './dnf-history.ts';
import { queryEscape } from './query-string.ts';
import { type RepositoryCpeMapping, readRepositoryCpeMapping } from './repository-cpe-mapping.ts';
import { checkRepositoryScannerConfig, repositoryScannerSettings } from './repository-scanner-config.ts';
import { wantsMost } from './wants.ts';

/** The key of repositories that are Red Hat products, named by CPE. */
export const RHEL_REPOSITORY_KEY = 'rhel-cpe-repository';

/**
 * The Red Hat products a layer's packages come from. RHEL images do not say so themselves: the
 * layer names repoids (its content manifest's content sets, or DNF's history when it has no
 * manifest or the manifest says to ask DNF), and Red Hat's repository-to-CPE mapping turns each
 * into products. One repository per (repoid, CPE); a repoid the mapping lacks is skipped.
 */
export const rhelRepositoryScanner: RepositoryScanner = {
  name: 'rhel-repository-scanner',
  version: '3',
  kind: 'repository',
  wants: wantsMost(wantsContentManifest, wantsDnfHistory),
  checkConfig: checkRepositoryScannerConfig,
  async scan(files, ctx) {
    const { config, signal, log } = scanContext(ctx);
    const settings = repositoryScannerSettings(config);
    const manifest = readContentManifest(files, log);
    const repoids = usesDnfHistory(manifest)
      ? (readDnfHistory(files)?.repoids ?? [])
      : (manifest?.contentSets ?? []);
    // Most layers name none; they need no mapping, so no request.
    if (repoids.length === 0) return [];
    const mapping = await readRepositoryCpeMapping(settings.mapping, {
      signal,
      log,
      timeoutMs: settings.timeoutMs,
    });
    return dedupe(repoids.flatMap((repoid) => repositoriesOf(repoid, mapping, log)));
  },
};

function scanContext(ctx: ScanContext | undefined): ScanContext {
  if (ctx === undefined) throw new Error('rhel-repository-scanner: scan needs its ScanContext');
  return ctx;
}

function repositoriesOf(repoid: string, mapping: RepositoryCpeMapping, log: Logger): Repository[] {
  const cpes = mapping.get(repoid);
  if (cpes === undefined) {
    log.debug('repository skip: not in the repository-to-cpe mapping', { repoid });
    return [];
  }
  return cpes.flatMap((text) => {
    let cpe: string;
    try {
      cpe = formatCpe(parseCpe(text));
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      log.warn('repository skip: invalid cpe in the repository-to-cpe mapping', { repoid, cpe: text, err });
      return [];
    }
    return [{ name: cpe, key: RHEL_REPOSITORY_KEY, uri: `repoid=${queryEscape(repoid)}`, cpe }];
  });
}

function dedupe(repositories: Repository[]): Repository[] {
  const byKey = new Map(repositories.map((r) => [`${r.name}\u0000${r.uri}`, r]));
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}
