// DNF's transaction history, the one record in an image of which repository (repoid) each
// installed package came from; rpm itself does not keep it.
import type { DatabaseSync } from 'node:sqlite';
import { InvalidInputError } from '../../errors.ts';
import type { LayerFiles, Want } from '../../indexer/layer-files.ts';
import type { TarEntryType } from '../../indexer/tar/tar-parser.ts';
import type { ScannedPackage } from '../../indexer/types.ts';
import { openLayerSqlite } from '../rpm/sqlite-db.ts';

export type DnfHistory = {
  /** Every repoid an installed item (package, group, environment) came from. */
  readonly repoids: readonly string[];
  /** The repoid the installed package came from, when DNF installed it. */
  repoidOf(pkg: Pick<ScannedPackage, 'name' | 'version' | 'arch'>): string | undefined;
};

const DNF5 = 'usr/lib/sysimage/libdnf5/transaction_history.sqlite';
const DNF4 = 'var/lib/dnf/history.sqlite';

/** Which entries reading the history needs: the dnf5 and dnf4 databases, on disk. */
export const wantsDnfHistory = (path: string, type: TarEntryType): Want =>
  type === 'file' && (path === DNF5 || path === DNF4) ? 'file' : 'none';

// Each item's latest transaction that did not remove it: dnf4 numbers its actions (8 is Remove),
// dnf5 names them. The rpm rows are the packages those transactions installed.
const LATEST = {
  dnf4: `SELECT max(id) AS uniq FROM trans_item WHERE action <> 8 GROUP BY item_id`,
  dnf5: `SELECT max(i.id) AS uniq FROM trans_item AS i JOIN trans_item_action AS a ON i.action_id = a.id
         WHERE a.name <> 'Remove' GROUP BY i.item_id`,
} as const;
const RPMS = {
  dnf4: `SELECT item_id, name, epoch, version, release, arch FROM rpm`,
  dnf5: `SELECT r.item_id, n.name, r.epoch, r.version, r.release, a.name AS arch
         FROM rpm AS r JOIN pkg_name AS n ON r.name_id = n.id JOIN arch AS a ON r.arch_id = a.id`,
} as const;

/**
 * The layer's DNF history (dnf5's, else dnf4's), read whole, or undefined when the layer has
 * none. dnf5 is told from dnf4 by its tables, not its path.
 */
export function readDnfHistory(files: LayerFiles): DnfHistory | undefined {
  const found = [DNF5, DNF4]
    .map((path) => ({ path, file: files.resolve(path)?.file }))
    .find((f) => f.file !== undefined);
  if (found?.file === undefined) return undefined;
  const { path, file } = found;
  const db = openLayerSqlite(file, `dnf history ${path}`);
  try {
    const version = isDnf5(db) ? 'dnf5' : 'dnf4';
    const installed = `trans_item JOIN (${LATEST[version]}) ON uniq = trans_item.id JOIN repo ON repo.id = trans_item.repo_id`;
    const repoids = db.prepare(`SELECT DISTINCT repoid FROM ${installed}`).all();
    const rows = db
      .prepare(
        `SELECT p.name, p.epoch, p.version, p.release, p.arch, repoid FROM ${installed}
         JOIN (${RPMS[version]}) AS p ON p.item_id = trans_item.item_id ORDER BY trans_item.id DESC`,
      )
      .all();
    const byPackage = new Map<string, string>();
    for (const r of rows) {
      const key = nevra(
        String(r.name),
        String(r.epoch ?? 0),
        String(r.version),
        String(r.release),
        String(r.arch),
      );
      if (!byPackage.has(key)) byPackage.set(key, String(r.repoid));
    }
    return {
      repoids: repoids.map((r) => String(r.repoid)),
      repoidOf: (pkg) => byPackage.get(packageKey(pkg)),
    };
  } catch (cause) {
    throw new InvalidInputError(`dnf history ${path}: ${(cause as Error).message}`, { cause });
  } finally {
    db.close();
  }
}

function isDnf5(db: DatabaseSync): boolean {
  const tables = new Set(
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => String(r.name)),
  );
  return tables.has('config') && tables.has('trans_item_action');
}

const nevra = (name: string, epoch: string, version: string, release: string, arch: string): string =>
  [name, epoch, version, release, arch].join('\u0000');

/** A scanned package's NEVRA as DNF records it: the epoch is 0 when the version has none. */
function packageKey(pkg: Pick<ScannedPackage, 'name' | 'version' | 'arch'>): string {
  const [, epoch = '0', version = '', release = ''] = /^(?:(\d+):)?([^-]*)-(.*)$/.exec(pkg.version) ?? [];
  return nevra(pkg.name, epoch, version, release, pkg.arch);
}
